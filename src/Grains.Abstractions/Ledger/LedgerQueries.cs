using MarketMicro.Orders;

namespace MarketMicro.Ledger;

/// <summary>The limits of the admin's ledger queries.</summary>
public static class LedgerLimits
{
    /// <summary>The financial summary covers the last 30 days unless a range is given.</summary>
    public const int DefaultFinancialsDays = 30;

    /// <summary>The longest range of days the financial summary covers (<c>Admin:MaxFinancialsRangeDays</c> may lower it).</summary>
    public const int MaxFinancialsRangeDays = 366;

    /// <summary>The first and last day the books answer for; dates outside are refused (400) rather than overflowing.</summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    public static readonly DateOnly LastDay = new(2999, 12, 31);

    /// <summary>Whether a day the admin asked for lies within <see cref="FirstDay"/>..<see cref="LastDay"/>.</summary>
    public static bool IsWithinBooks(DateOnly day) => day >= FirstDay && day <= LastDay;

    /// <summary>How many best-selling products the summary lists.</summary>
    public const int TopProducts = 10;
}

/// <summary>Filters of the admin order list; dates are UTC days, both ends inclusive.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Ledger.LedgerOrderFilter")]
public sealed record LedgerOrderFilter(
    [property: Id(0)] OrderStatus? Status,
    [property: Id(1)] Guid? UserId,
    [property: Id(2)] DateOnly? From,
    [property: Id(3)] DateOnly? To,
    [property: Id(4)] string? Query,
    [property: Id(5)] int Page,
    [property: Id(6)] int PageSize);

[GenerateSerializer, Immutable, Alias("MarketMicro.Ledger.LedgerOrderRow")]
public sealed record LedgerOrderRow(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] string? CustomerEmail,
    [property: Id(3)] OrderStatus Status,
    [property: Id(4)] decimal Total,
    [property: Id(5)] string Currency,
    [property: Id(6)] int ItemCount,
    [property: Id(7)] DateTime CreatedAt,
    [property: Id(8)] DateTime UpdatedAt);

[GenerateSerializer, Immutable, Alias("MarketMicro.Ledger.LedgerOrderPage")]
public sealed record LedgerOrderPage(
    [property: Id(0)] IReadOnlyList<LedgerOrderRow> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] decimal Revenue);

[GenerateSerializer, Immutable, Alias("MarketMicro.Ledger.DailyFigures")]
public sealed record DailyFigures([property: Id(0)] DateOnly Date, [property: Id(1)] decimal Revenue, [property: Id(2)] int Orders);

[GenerateSerializer, Immutable, Alias("MarketMicro.Ledger.ProductFigures")]
public sealed record ProductFigures(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Quantity,
    [property: Id(3)] decimal Revenue);

/// <summary>
/// The books over a range of UTC days. Revenue counts orders that reached confirmed or later and were not
/// cancelled; refunded is the value of orders cancelled after confirmation.
/// </summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Ledger.Financials")]
public sealed record Financials(
    [property: Id(0)] DateOnly From,
    [property: Id(1)] DateOnly To,
    [property: Id(2)] string Currency,
    [property: Id(3)] decimal Revenue,
    [property: Id(4)] int OrderCount,
    [property: Id(5)] decimal AverageOrderValue,
    [property: Id(6)] int ItemsSold,
    [property: Id(7)] int CancelledCount,
    [property: Id(8)] decimal RefundedAmount,
    [property: Id(9)] IReadOnlyDictionary<string, int> ByStatus,
    [property: Id(10)] IReadOnlyList<DailyFigures> Daily,
    [property: Id(11)] IReadOnlyList<ProductFigures> TopProducts);

/// <summary>Reads the order ledger (admin lists and financials); a stateless worker in front of the ledger tables.</summary>
public interface ILedgerQueryGrain : IGrainWithIntegerKey
{
    Task<LedgerOrderPage> ListOrders(LedgerOrderFilter filter);

    Task<Financials> GetFinancials(DateOnly from, DateOnly to);
}
