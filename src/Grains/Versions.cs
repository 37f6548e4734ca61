namespace MarketMicro.Grains;

/// <summary>Optimistic concurrency for clients: a change that names the version it was based on applies only to that version.</summary>
public static class Versions
{
    public static void EnsureMatches(long? expected, long current, string what)
    {
        if (expected is { } version && version != current)
        {
            throw new PreconditionFailedException($"{what} has changed: it is at version {current}, not {version}. Read it again.", current);
        }
    }
}
