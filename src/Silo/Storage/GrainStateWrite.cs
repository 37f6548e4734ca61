namespace MarketMicro.Silo.Storage;

/// <summary>
/// One grain-state write (or clear, when <see cref="Payload"/> is null) waiting for its group commit. The writer sets
/// <see cref="NewVersion"/> when the write was applied; it stays null when the stored version was not the caller's.
/// </summary>
public sealed class GrainStateWrite(GrainStorageKey key, byte[]? payload, int? expectedVersion)
{
    public GrainStorageKey Key { get; } = key;

    public byte[]? Payload { get; } = payload;

    /// <summary>The version the caller read (its ETag); null for a first write.</summary>
    public int? ExpectedVersion { get; } = expectedVersion;

    /// <summary>Whether the state owes work after this write (<see cref="MarketMicro.Grains.IOwesWork"/>): the row keeps or gets its stamp.</summary>
    public bool OwesWork { get; init; }

    /// <summary>A token only this write stamps, so a writer can tell its own applied write from another's.</summary>
    public string Token { get; } = Guid.NewGuid().ToString("N");

    public int? NewVersion { get; set; }
}
