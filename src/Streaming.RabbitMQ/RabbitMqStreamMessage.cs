using Orleans;
using Orleans.Runtime;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>The body of every message in a stream queue: the events of one producer call, written by the Orleans serializer.</summary>
[GenerateSerializer, Alias("MarketMicro.Streaming.RabbitMQ.StreamMessage.v1")]
internal sealed record RabbitMqStreamMessage(
    [property: Id(0)] StreamId StreamId,
    [property: Id(1)] List<object> Events,
    [property: Id(2)] Dictionary<string, object>? RequestContext);
