namespace MarketMicro.Carts;

public static class CartLimits
{
    /// <summary>The most units of one product a cart line may hold, however they were added.</summary>
    public const int MaxQuantity = 10_000;

    /// <summary>The most different products one cart may hold.</summary>
    public const int MaxLines = 100;
}
