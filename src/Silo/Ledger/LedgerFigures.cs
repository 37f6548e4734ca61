using System.Globalization;
using MarketMicro.Ledger;
using MarketMicro.Orders;

namespace MarketMicro.Silo.Ledger;

/// <summary>Turns the ledger's grouped rows into the financial summary; money is rounded only here, at the edge.</summary>
internal static class LedgerFigures
{
    public static Financials Build(
        DateOnly from,
        DateOnly to,
        IReadOnlyList<SqlOrderLedger.StatusRow> byStatus,
        IReadOnlyDictionary<string, SqlOrderLedger.DayRow> daily,
        IEnumerable<SqlOrderLedger.ProductRow> topProducts)
    {
        var revenueRows = byStatus.Where(row => OrderStatuses.Revenue.Any(status => OrderStatuses.Name(status) == row.Status)).ToList();
        var revenueCents = revenueRows.Sum(row => row.TotalCents);
        var orderCount = (int)revenueRows.Sum(row => row.Orders);
        var cancelled = byStatus.FirstOrDefault(row => row.Status == OrderStatuses.Name(OrderStatus.Cancelled));
        var statusCounts = OrderStatuses.Visible.Select(OrderStatuses.Name)
            .ToDictionary(name => name, name => (int)(byStatus.FirstOrDefault(row => row.Status == name)?.Orders ?? 0));

        var days = new List<DailyFigures>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var key = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            days.Add(daily.TryGetValue(key, out var row)
                ? new DailyFigures(day, Money.FromCents(row.RevenueCents), (int)row.Orders)
                : new DailyFigures(day, 0m, 0));
        }

        return new Financials(
            from,
            to,
            Money.DefaultCurrency,
            Money.FromCents(revenueCents),
            orderCount,
            orderCount == 0 ? 0m : Money.Round(Money.FromCents(revenueCents) / orderCount),
            (int)revenueRows.Sum(row => row.Items),
            (int)(cancelled?.Orders ?? 0),
            Money.FromCents(cancelled?.ConfirmedCents ?? 0),
            statusCounts,
            days,
            topProducts.Select(p => new ProductFigures(p.ProductId, p.Name, (int)p.Quantity, Money.FromCents(p.RevenueCents))).ToList());
    }
}
