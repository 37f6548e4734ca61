namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>Settings of one RabbitMQ stream provider (one per provider name).</summary>
public sealed class RabbitMqStreamOptions
{
    public const string DefaultQueuePrefix = "orleans.streams";

    /// <summary>AMQP URI of the broker, e.g. <c>amqp://user:password@host:5672/vhost</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Queues are named <c>{QueuePrefix}.{n}</c> for n in 0..QueueCount-1.</summary>
    public string QueuePrefix { get; set; } = DefaultQueuePrefix;

    /// <summary>Streams hash onto this many queues; each queue is read by one silo at a time.</summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>Unacknowledged messages a receiver may hold per queue (AMQP basic.qos).</summary>
    public ushort PrefetchCount { get; set; } = 256;

    /// <summary>Deliveries of one message that failed before it moves to the dead-letter queue.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Where failed and unreadable messages go; <c>{QueuePrefix}.dead-letter</c> when unset.</summary>
    public string? DeadLetterQueue { get; set; }

    /// <summary>Topic exchange that receives public copies of mapped events; none when unset.</summary>
    public string? PublicExchange { get; set; }

    /// <summary>Confirm channels shared by the producers of one silo (concurrent publishes share a channel).</summary>
    public int PublisherChannelCount { get; set; } = 4;

    /// <summary>How long a publish is retried before the producer's OnNextAsync fails.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait between connection or publish attempts; also the client's recovery interval.</summary>
    public TimeSpan ReconnectMinBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between connection or publish attempts.</summary>
    public TimeSpan ReconnectMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    internal string DeadLetterQueueName => string.IsNullOrWhiteSpace(DeadLetterQueue) ? $"{QueuePrefix}.dead-letter" : DeadLetterQueue;

    internal string QueueName(int index) => $"{QueuePrefix}.{index}";

    internal IEnumerable<string> QueueNames => Enumerable.Range(0, QueueCount).Select(QueueName);

    /// <summary>The problems that keep these settings from working; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(ConnectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            problems.Add($"{nameof(ConnectionString)} must be an amqp:// or amqps:// URI.");
        if (string.IsNullOrWhiteSpace(QueuePrefix))
            problems.Add($"{nameof(QueuePrefix)} must not be empty.");
        if (QueueCount is < 1 or > 1024)
            problems.Add($"{nameof(QueueCount)} must be between 1 and 1024.");
        if (PrefetchCount < 1)
            problems.Add($"{nameof(PrefetchCount)} must be at least 1.");
        if (MaxDeliveryAttempts < 1)
            problems.Add($"{nameof(MaxDeliveryAttempts)} must be at least 1.");
        if (PublisherChannelCount is < 1 or > 64)
            problems.Add($"{nameof(PublisherChannelCount)} must be between 1 and 64.");
        if (PublishTimeout <= TimeSpan.Zero)
            problems.Add($"{nameof(PublishTimeout)} must be positive.");
        if (ReconnectMinBackoff <= TimeSpan.Zero || ReconnectMaxBackoff < ReconnectMinBackoff)
            problems.Add($"{nameof(ReconnectMinBackoff)} must be positive and at most {nameof(ReconnectMaxBackoff)}.");
        if (PublicExchange is not null && string.IsNullOrWhiteSpace(PublicExchange))
            problems.Add($"{nameof(PublicExchange)} must be null or a name.");
        return problems;
    }
}
