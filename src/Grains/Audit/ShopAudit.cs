using MarketMicro.Audit;
using MarketMicro.Grains.Ledger;
using MarketMicro.Orders;
using MarketMicro.Products;

namespace MarketMicro.Grains.Audit;

/// <summary>An order as the auditor reads it: its status including the saga's own, and the snapshot once visible.</summary>
public sealed record AuditedOrder(Guid Id, OrderStatus Status, OrderSnapshot? Snapshot);

/// <summary>Everything one audit read: the grains' stored truth and the two derived views.</summary>
public sealed record ShopFacts(
    IReadOnlyList<ProductAudit> Products,
    IReadOnlyList<AuditedOrder> Orders,
    IReadOnlyList<LedgerAuditRow> Ledger,
    IReadOnlyList<LedgerStatusSum> LedgerSums,
    IReadOnlyDictionary<Guid, long> Indexed);

/// <summary>The shop's invariants as plain rules over what an audit read; each yields one <see cref="AuditCheck"/>.</summary>
public static class ShopAudit
{
    /// <summary>Orders whose units stay sold: every visible status but cancelled.</summary>
    private static readonly OrderStatus[] Selling = [OrderStatus.Placed, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered];

    public static IReadOnlyList<AuditCheck> Check(ShopFacts facts, int examples)
    {
        var visible = facts.Orders.Where(o => o.Snapshot is not null).ToDictionary(o => o.Id, o => o.Snapshot!);
        return
        [
            OrdersSettled(facts.Orders, examples),
            StockBalances(facts.Products, visible.Values, examples),
            Reservations(facts.Products, facts.Orders.ToDictionary(o => o.Id, o => o.Status), examples),
            OrdersInLedger(visible, facts.Ledger, examples),
            LedgerSums(visible.Values, facts.LedgerSums, examples),
            SearchIndex(facts.Products, facts.Indexed, examples),
        ];
    }

    private static AuditCheck OrdersSettled(IReadOnlyList<AuditedOrder> orders, int examples) => Build(
        "orders settled", "no order is still being placed", orders.Count,
        orders.Where(o => o.Status == OrderStatus.Placing).Select(o => $"order {o.Id} is still placing"), examples);

    private static AuditCheck StockBalances(IReadOnlyList<ProductAudit> products, IEnumerable<OrderSnapshot> visible, int examples)
    {
        var sold = visible.Where(o => Selling.Contains(o.Status)).SelectMany(o => o.Lines)
            .GroupBy(line => line.ProductId).ToDictionary(g => g.Key, g => g.Sum(line => (long)line.Quantity));
        var known = products.Where(p => p.Received is not null).ToList();
        var mismatches = known
            .Select(p => (Product: p, Sold: sold.GetValueOrDefault(p.Id)))
            .Where(x => x.Product.Received != x.Product.OnHand + x.Sold)
            .Select(x => $"product {x.Product.Id}: received {x.Product.Received} != on hand {x.Product.OnHand} + sold to orders not cancelled {x.Sold}");
        var unknown = products.Count - known.Count;
        var rule = "received (initial stock + adjustments) = on hand + units of orders not cancelled"
            + (unknown > 0 ? $"; {unknown} products stored before the counter are not checked" : string.Empty);
        return Build("stock balance", rule, known.Count, mismatches, examples);
    }

    private static AuditCheck Reservations(IReadOnlyList<ProductAudit> products, IReadOnlyDictionary<Guid, OrderStatus> statuses, int examples)
    {
        var held = products.SelectMany(p => p.Reservations.Select(r => (Product: p.Id, Order: r.Key, Units: r.Value))).ToList();
        var mismatches = held
            .Select(r => (r.Product, r.Order, r.Units, Status: statuses.TryGetValue(r.Order, out var s) ? OrderStatuses.Name(s) : "unknown"))
            .Where(r => r.Status != OrderStatuses.Name(OrderStatus.Placing))
            .Select(r => $"product {r.Product} holds {r.Units} units for order {r.Order}, which is {r.Status}");
        return Build("reservations", "every reservation belongs to an order still being placed", held.Count, mismatches, examples);
    }

    private static AuditCheck OrdersInLedger(IReadOnlyDictionary<Guid, OrderSnapshot> visible, IReadOnlyList<LedgerAuditRow> ledger, int examples)
    {
        var rows = ledger.ToDictionary(row => row.OrderId);
        var missingOrStale = visible.Values.Select(order => rows.TryGetValue(order.Id, out var row)
                ? row.Status == order.Status && row.TotalCents == Money.ToCents(order.Total) && row.Version == order.Version
                    ? null
                    : $"order {order.Id}: ledger has {OrderStatuses.Name(row.Status)}, {row.TotalCents} cents, version {row.Version}; the order is {OrderStatuses.Name(order.Status)}, {Money.ToCents(order.Total)} cents, version {order.Version}"
                : $"order {order.Id} ({OrderStatuses.Name(order.Status)}, version {order.Version}) is missing from the ledger")
            .OfType<string>();
        var orphans = ledger.Where(row => !visible.ContainsKey(row.OrderId)).Select(row => $"ledger row {row.OrderId} has no visible order");
        return Build("ledger rows", "every visible order has one ledger row with its status, total and version, and no row has no order",
            visible.Count + ledger.Count, missingOrStale.Concat(orphans), examples);
    }

    private static AuditCheck LedgerSums(IEnumerable<OrderSnapshot> visible, IReadOnlyList<LedgerStatusSum> sums, int examples)
    {
        var fromOrders = visible.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => (Orders: (long)g.Count(), Cents: g.Sum(o => Money.ToCents(o.Total))));
        var fromLedger = sums.ToDictionary(s => s.Status, s => (s.Orders, Cents: s.TotalCents));
        var mismatches = OrderStatuses.Visible
            .Select(status => (Status: status, Orders: fromOrders.GetValueOrDefault(status), Ledger: fromLedger.GetValueOrDefault(status)))
            .Where(x => x.Orders != x.Ledger)
            .Select(x => $"{OrderStatuses.Name(x.Status)}: ledger {x.Ledger.Orders} orders, {x.Ledger.Cents} cents; orders {x.Orders.Orders}, {x.Orders.Cents} cents");
        return Build("ledger sums", "order count and total per status in the ledger = the same sums over the orders",
            OrderStatuses.Visible.Count, mismatches, examples);
    }

    private static AuditCheck SearchIndex(IReadOnlyList<ProductAudit> products, IReadOnlyDictionary<Guid, long> indexed, int examples)
    {
        var live = products.Where(p => !p.Deleted).ToDictionary(p => p.Id, p => p.Version);
        var missingOrStale = live
            .Where(p => !indexed.TryGetValue(p.Key, out var version) || version != p.Value)
            .Select(p => indexed.TryGetValue(p.Key, out var version)
                ? $"product {p.Key}: index has version {version}, the product is at {p.Value}"
                : $"product {p.Key} (version {p.Value}) is missing from the index");
        var extra = indexed.Keys.Where(id => !live.ContainsKey(id)).Select(id => $"index holds {id}, which is not a live product");
        return Build("search index", "the index holds exactly the live products, each at its latest version",
            live.Count + indexed.Count, missingOrStale.Concat(extra), examples);
    }

    private static AuditCheck Build(string name, string rule, int checkedCount, IEnumerable<string> mismatches, int examples)
    {
        var all = mismatches.ToList();
        return new AuditCheck(name, rule, checkedCount, all.Count, all.Take(examples).ToList());
    }
}
