using Orleans;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>One AMQP message handed to Orleans: its events, stream, place in the queue and delivery tag.</summary>
[GenerateSerializer, Alias("MarketMicro.Streaming.RabbitMQ.BatchContainer.v1")]
public sealed class RabbitMqBatchContainer : IBatchContainer
{
    [Id(0)] private readonly List<object> events;
    [Id(1)] private readonly Dictionary<string, object>? requestContext;

    public RabbitMqBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext,
        EventSequenceTokenV2 token, ulong deliveryTag)
    {
        StreamId = streamId;
        this.events = events;
        this.requestContext = requestContext;
        Token = token;
        DeliveryTag = deliveryTag;
    }

    [Id(2)] public StreamId StreamId { get; }

    [Id(3)] public EventSequenceTokenV2 Token { get; }

    /// <summary>The AMQP delivery tag on the receiving silo's consumer channel.</summary>
    [Id(4)] public ulong DeliveryTag { get; }

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        events.OfType<T>().Select((e, index) => Tuple.Create<T, StreamSequenceToken>(e, Token.CreateSequenceTokenForEvent(index)));

    public bool ImportRequestContext()
    {
        if (requestContext is null)
            return false;
        RequestContextExtensions.Import(requestContext);
        return true;
    }

    public override string ToString() => $"[RabbitMqBatchContainer:Stream={StreamId},#Items={events.Count},Tag={DeliveryTag}]";
}
