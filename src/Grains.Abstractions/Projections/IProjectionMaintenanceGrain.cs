namespace MarketMicro.Projections;

/// <summary>The derived views that are rebuilt from the grains' stored state; each name keys one maintenance grain.</summary>
public static class ProjectionNames
{
    public const string Ledger = "ledger";
    public const string Search = "search";

    public static readonly IReadOnlyList<string> All = [Ledger, Search];
}

/// <summary>
/// Runs the passes of one projection (keyed by its <see cref="ProjectionNames">name</see>): a single activation in the
/// cluster, so no two silos apply the same projection's pass at once. Passes run one after another.
/// </summary>
public interface IProjectionMaintenanceGrain : IGrainWithStringKey
{
    /// <summary>Applies every stored entity changed since the projection's checkpoint (joins a catch-up already running).</summary>
    Task<ProjectionStatus> CatchUp();

    /// <summary>Empties the projection and its checkpoint, then applies every stored entity.</summary>
    Task<ProjectionStatus> Rebuild();

    /// <summary>The pass under way (with its progress) or the last one finished.</summary>
    Task<ProjectionStatus> GetStatus();
}

/// <summary>Where a projection stands: <see cref="Applied"/> of <see cref="Total"/> entities of the current or last pass.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Projections.ProjectionStatus")]
public sealed record ProjectionStatus(
    [property: Id(0)] string Projection,
    [property: Id(1)] string? Pass,
    [property: Id(2)] bool Running,
    [property: Id(3)] int Applied,
    [property: Id(4)] int Total,
    [property: Id(5)] string? Checkpoint,
    [property: Id(6)] DateTime? FinishedAt,
    [property: Id(7)] string? Error);
