namespace MarketMicro;

/// <summary>Money rules: the shop's currency, two decimals, and whole cents where sums are stored.</summary>
public static class Money
{
    /// <summary>The currency of every price unless a product names another.</summary>
    public const string DefaultCurrency = "USD";

    /// <summary>The largest price a product may have.</summary>
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>Rounds to two decimals, half away from zero (19.995 → 20.00), as shown to clients.</summary>
    public static decimal Round(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static long ToCents(decimal amount) => (long)decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);

    public static decimal FromCents(long cents) => cents / 100m;

    /// <summary>Whether an amount has at most two decimals.</summary>
    public static bool HasCents(decimal amount) => decimal.Round(amount, 2) == amount;
}
