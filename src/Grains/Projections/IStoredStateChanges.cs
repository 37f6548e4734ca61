namespace MarketMicro.Grains.Projections;

/// <summary>When a grain's stored state last changed, by the database's own clock.</summary>
public sealed record StoredChange(Guid Id, DateTime ModifiedOn);

/// <summary>
/// What one read found: the grains written since the moment asked for, oldest first, and the database's clock just
/// before the read (<paramref name="ReadAt"/>), so a write stamped well before it was committed before the read.
/// </summary>
public sealed record StoredChanges(IReadOnlyList<StoredChange> Items, DateTime ReadAt);

/// <summary>Which grains of one state name were written since a moment: the feed projections catch up from.</summary>
public interface IStoredStateChanges
{
    /// <summary>Every grain of <paramref name="stateName"/> written at or after <paramref name="since"/> (all when null), oldest first.</summary>
    Task<StoredChanges> ReadSinceAsync(string stateName, DateTime? since, CancellationToken cancellationToken = default);
}
