using Orleans.Runtime;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>
/// Turns a stream event into the message plain AMQP clients read from the provider's public exchange.
/// Register one in DI (keyed by provider name, or unkeyed for every provider) and set
/// <see cref="RabbitMqStreamOptions.PublicExchange"/>; events it does not map are not published publicly.
/// </summary>
public interface IRabbitMqPublicMessageMapper
{
    bool TryMap(object streamEvent, StreamId streamId, out RabbitMqPublicMessage message);
}

/// <summary>A public copy of an event: AMQP routing key, message id, type, timestamp, body and content type.</summary>
public sealed record RabbitMqPublicMessage(
    string RoutingKey,
    string MessageId,
    string Type,
    DateTimeOffset Timestamp,
    ReadOnlyMemory<byte> Body,
    string ContentType = "application/json");
