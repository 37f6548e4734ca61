namespace MarketMicro.Audit;

/// <summary>
/// Checks the shop's invariants against the stored truth, read through the grains: stock balances and reservations,
/// the order ledger, the search index. Meant for quiet time (after a chaos test, before a release): work in flight
/// shows up as mismatches. One activation (key 0) runs the audits, one after another.
/// </summary>
public interface IShopAuditGrain : IGrainWithIntegerKey
{
    /// <summary>Runs every check; each lists at most <paramref name="examples"/> of its mismatches.</summary>
    Task<AuditReport> Run(int examples = 20);
}

/// <summary>The outcome of one audit: clean when no check found a mismatch.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Audit.AuditReport")]
public sealed record AuditReport(
    [property: Id(0)] DateTime StartedAt,
    [property: Id(1)] DateTime FinishedAt,
    [property: Id(2)] IReadOnlyList<AuditCheck> Checks)
{
    public bool Clean => Checks.All(check => check.Mismatches == 0);
}

/// <summary>One invariant: how many items it checked, how many broke it, and the first few of those.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Audit.AuditCheck")]
public sealed record AuditCheck(
    [property: Id(0)] string Name,
    [property: Id(1)] string Rule,
    [property: Id(2)] int Checked,
    [property: Id(3)] int Mismatches,
    [property: Id(4)] IReadOnlyList<string> Examples);
