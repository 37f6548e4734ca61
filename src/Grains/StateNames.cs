namespace MarketMicro.Grains;

/// <summary>
/// The names under which grains persist their state. Orleans stores them as the grain type of each storage row,
/// so readers of the storage table (the search rebuild) use the same constants.
/// </summary>
public static class StateNames
{
    public const string User = "user";
    public const string Email = "email";
    public const string Cart = "cart";
    public const string Order = "order";
    public const string Product = "product";
    public const string OrderRecovery = "order-recovery";
}
