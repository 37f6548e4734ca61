using RabbitMQ.Client;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>The provider's broker objects: durable stream queues, a durable dead-letter queue, an optional durable topic exchange.</summary>
internal static class RabbitMqTopology
{
    public const string AttemptsHeader = "x-attempts";
    public const string StreamHeader = "x-orleans-stream";
    public const string ReasonHeader = "x-dead-letter-reason";
    public const string OriginalQueueHeader = "x-original-queue";

    public static async Task DeclareAsync(IChannel channel, RabbitMqStreamOptions options, CancellationToken cancellationToken)
    {
        foreach (var queue in options.QueueNames)
            await DeclareQueueAsync(channel, queue, cancellationToken);
        await DeclareQueueAsync(channel, options.DeadLetterQueueName, cancellationToken);
        if (options.PublicExchange is { } exchange)
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
    }

    public static Task DeclareQueueAsync(IChannel channel, string queue, CancellationToken cancellationToken) =>
        channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);

    /// <summary>A channel the broker closed for an error of its own (not for a lost connection, which recovery handles).</summary>
    public static bool IsFaulted(IChannel channel, IConnection connection) =>
        channel.IsClosed && connection.IsOpen
        && channel.CloseReason is { Initiator: ShutdownInitiator.Peer, ReplyCode: not Constants.ConnectionForced };

    public static int Attempts(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(AttemptsHeader, out var value) == true
            ? value switch { int i => i, long l => (int)l, byte[] bytes when int.TryParse(System.Text.Encoding.ASCII.GetString(bytes), out var parsed) => parsed, _ => 1 }
            : 1;
}
