namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>Doubling delays between a minimum and a maximum, with a little jitter so silos do not retry in step.</summary>
internal struct Backoff(TimeSpan min, TimeSpan max)
{
    private TimeSpan next = min;

    public TimeSpan Next()
    {
        var current = next;
        next = TimeSpan.FromTicks(Math.Min(max.Ticks, next.Ticks * 2));
        return current + TimeSpan.FromTicks((long)(current.Ticks * 0.2 * Random.Shared.NextDouble()));
    }
}
