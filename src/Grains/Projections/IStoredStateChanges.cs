namespace MarketMicro.Grains.Projections;

/// <summary>When a grain's stored state last changed, by the database's own clock.</summary>
public sealed record StoredChange(Guid Id, DateTime ModifiedOn);

/// <summary>Which grains of one state name were written since a moment: the feed projections catch up from.</summary>
public interface IStoredStateChanges
{
    /// <summary>Every grain of <paramref name="stateName"/> written at or after <paramref name="since"/> (all when null), oldest first.</summary>
    Task<IReadOnlyList<StoredChange>> ReadSinceAsync(string stateName, DateTime? since, CancellationToken cancellationToken = default);
}
