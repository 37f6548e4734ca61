using System.Globalization;
using MarketMicro.Ledger;
using MarketMicro.Orders;

namespace MarketMicro.Silo.Ledger;

/// <summary>Turns the ledger's grouped rows into the financial summary; money is rounded only here, at the edge.</summary>
internal static class LedgerFigures
{
    private static readonly string[] RevenueStatuses = ["confirmed", "shipped", "delivered"];

    public static Financials Build(
        DateOnly from,
        DateOnly to,
        IReadOnlyList<SqlOrderLedger.StatusRow> byStatus,
        IReadOnlyDictionary<string, SqlOrderLedger.DayRow> daily,
        IEnumerable<SqlOrderLedger.ProductRow> topProducts)
    {
        var revenueRows = byStatus.Where(row => RevenueStatuses.Contains(row.Status)).ToList();
        var revenueCents = revenueRows.Sum(row => row.TotalCents);
        var orderCount = (int)revenueRows.Sum(row => row.Orders);
        var cancelled = byStatus.FirstOrDefault(row => row.Status == "cancelled");
        var statusCounts = Enum.GetValues<OrderStatus>()
            .Where(status => status is not (OrderStatus.Placing or OrderStatus.Rejected))
            .ToDictionary(status => status.ToString().ToLowerInvariant(), status => (int)(byStatus.FirstOrDefault(row => row.Status == status.ToString().ToLowerInvariant())?.Orders ?? 0));

        var days = new List<DailyFigures>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var key = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            days.Add(daily.TryGetValue(key, out var row)
                ? new DailyFigures(day, SqlOrderLedger.Money(row.RevenueCents), (int)row.Orders)
                : new DailyFigures(day, 0m, 0));
        }

        return new Financials(
            from,
            to,
            "USD",
            SqlOrderLedger.Money(revenueCents),
            orderCount,
            orderCount == 0 ? 0m : decimal.Round(SqlOrderLedger.Money(revenueCents) / orderCount, 2, MidpointRounding.AwayFromZero),
            (int)revenueRows.Sum(row => row.Items),
            (int)(cancelled?.Orders ?? 0),
            SqlOrderLedger.Money(cancelled?.ConfirmedCents ?? 0),
            statusCounts,
            days,
            topProducts.Select(p => new ProductFigures(p.ProductId, p.Name, (int)p.Quantity, SqlOrderLedger.Money(p.RevenueCents))).ToList());
    }
}
