namespace MarketMicro.Grains.Orders;

public sealed class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>How often an order with unfinished work (saga, stock, outbox) is resumed by its durable reminder.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most lines one order may have.</summary>
    public int MaxLines { get; set; } = MarketMicro.Carts.CartLimits.MaxLines;
}
