namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>
/// The live state of one RabbitMQ stream provider in this process: whether its connection is up, the last
/// error, and counters. One instance per provider name (a keyed singleton), read by <see cref="RabbitMqStreamsHealthCheck"/>.
/// </summary>
public sealed class RabbitMqStreamsHealth(string providerName)
{
    private readonly Lock gate = new();
    private long published;
    private long publishedPublic;
    private long publishRetries;
    private long acknowledged;
    private long redelivered;
    private long retried;
    private long deadLettered;
    private int consumingQueues;

    public string ProviderName { get; } = providerName;

    public RabbitMqConnectionState State { get; private set; } = RabbitMqConnectionState.Connecting;

    public bool IsConnected => State == RabbitMqConnectionState.Connected;

    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    public DateTimeOffset? StateChangedAt { get; private set; }

    /// <summary>Messages the broker confirmed into a stream queue.</summary>
    public long Published => Interlocked.Read(ref published);

    /// <summary>Public copies the broker confirmed on the public exchange.</summary>
    public long PublishedPublic => Interlocked.Read(ref publishedPublic);

    /// <summary>Publish attempts that failed and were tried again.</summary>
    public long PublishRetries => Interlocked.Read(ref publishRetries);

    /// <summary>Messages acknowledged after Orleans delivered them to every subscriber.</summary>
    public long Acknowledged => Interlocked.Read(ref acknowledged);

    /// <summary>Deliveries the broker marked as redelivered (after a consumer, channel or connection loss).</summary>
    public long Redelivered => Interlocked.Read(ref redelivered);

    /// <summary>Messages put back on their queue for another attempt after a subscriber failed.</summary>
    public long Retried => Interlocked.Read(ref retried);

    /// <summary>Messages moved to the dead-letter queue (unreadable, or out of attempts).</summary>
    public long DeadLettered => Interlocked.Read(ref deadLettered);

    /// <summary>
    /// Stream queues this process has a consumer for: the share of the queues Orleans' queue balancer gave this silo,
    /// counted once its consumer started (0 on a client). A consumer that connection recovery restores stays counted.
    /// </summary>
    public int ConsumingQueues => Volatile.Read(ref consumingQueues);

    internal void ReportConnected()
    {
        lock (gate)
        {
            State = RabbitMqConnectionState.Connected;
            StateChangedAt = DateTimeOffset.UtcNow;
        }
    }

    internal void ReportDisconnected(string reason)
    {
        lock (gate)
        {
            State = RabbitMqConnectionState.Disconnected;
            StateChangedAt = DateTimeOffset.UtcNow;
            LastError = reason;
            LastErrorAt = StateChangedAt;
        }
    }

    internal void ReportError(string error)
    {
        lock (gate)
        {
            LastError = error;
            LastErrorAt = DateTimeOffset.UtcNow;
        }
    }

    internal void CountPublished() => Interlocked.Increment(ref published);
    internal void CountPublishedPublic() => Interlocked.Increment(ref publishedPublic);
    internal void CountPublishRetry() => Interlocked.Increment(ref publishRetries);
    internal void CountAcknowledged(int count) => Interlocked.Add(ref acknowledged, count);
    internal void CountRedelivered() => Interlocked.Increment(ref redelivered);
    internal void CountRetried() => Interlocked.Increment(ref retried);
    internal void CountDeadLettered() => Interlocked.Increment(ref deadLettered);
    internal void CountConsumerStarted() => Interlocked.Increment(ref consumingQueues);
    internal void CountConsumerStopped() => Interlocked.Decrement(ref consumingQueues);

    /// <summary>The counters and state as plain values, e.g. for a health report.</summary>
    public IReadOnlyDictionary<string, object> Snapshot() => new Dictionary<string, object>
    {
        ["state"] = State.ToString(),
        ["lastError"] = LastError ?? "",
        ["published"] = Published,
        ["publishedPublic"] = PublishedPublic,
        ["publishRetries"] = PublishRetries,
        ["acknowledged"] = Acknowledged,
        ["redelivered"] = Redelivered,
        ["retried"] = Retried,
        ["deadLettered"] = DeadLettered,
        ["consumingQueues"] = ConsumingQueues,
    };
}

public enum RabbitMqConnectionState
{
    Connecting,
    Connected,
    Disconnected,
}
