namespace MarketMicro.Grains.Projections;

/// <summary>
/// A derived view fed from one kind of stored grain state. It records how far it got (a checkpoint kept with the view
/// itself, so a restored backup replays from where that backup stood), and applies entities by id, reading each one's
/// current state through its grain. Applying is idempotent: the newest version wins.
/// </summary>
public interface IProjection
{
    /// <summary>The projection's name (<see cref="MarketMicro.Projections.ProjectionNames"/>).</summary>
    string Name { get; }

    /// <summary>
    /// Whether every silo keeps this view for itself (a local search replica): then each silo runs its own passes,
    /// instead of one pass for the whole cluster in the projection's maintenance grain.
    /// </summary>
    bool IsPerSilo => false;

    /// <summary>The storage name of the grain state that feeds it (<see cref="StateNames"/>).</summary>
    string StateName { get; }

    Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default);

    Task SetCheckpointAsync(string checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Empties the view and forgets its checkpoint.</summary>
    Task ClearAsync(CancellationToken cancellationToken = default);

    Task ApplyAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default);
}
