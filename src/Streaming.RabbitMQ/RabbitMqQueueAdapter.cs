using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using RabbitMQ.Client;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>
/// Writes each producer call as one persistent message into the stream's queue (and, when configured, a
/// public copy of each mapped event into the public exchange); returns once the broker confirmed all of them.
/// </summary>
internal sealed class RabbitMqQueueAdapter(
    string providerName,
    RabbitMqStreamOptions options,
    HashRingBasedStreamQueueMapper queueMapper,
    RabbitMqPublisher publisher,
    Serializer serializer,
    IRabbitMqPublicMessageMapper? publicMapper,
    Func<QueueId, IQueueAdapterReceiver> createReceiver) : IQueueAdapter
{
    public string Name => providerName;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => createReceiver(queueId);

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
            throw new ArgumentException("RabbitMQ streams are not rewindable: a producer cannot choose the sequence token.", nameof(token));

        var batch = events.Cast<object>().ToList();
        var body = serializer.SerializeToArray(new RabbitMqStreamMessage(streamId, batch, requestContext));
        var queue = QueueName(queueMapper.GetQueueForStream(streamId));
        var publishes = new List<Task> { PublishToQueueAsync(queue, body) };
        if (options.PublicExchange is { } exchange && publicMapper is not null)
        {
            foreach (var streamEvent in batch)
            {
                if (publicMapper.TryMap(streamEvent, streamId, out var message))
                    publishes.Add(PublishPublicCopyAsync(exchange, message));
            }
        }
        await Task.WhenAll(publishes);
    }

    internal string QueueName(QueueId queueId) => options.QueueName((int)queueId.GetNumericId());

    private async Task PublishToQueueAsync(string queue, byte[] body)
    {
        var properties = new BasicProperties { Persistent = true, ContentType = "application/x-orleans" };
        await publisher.PublishAsync("", queue, mandatory: true, properties, body);
        publisher.Health.CountPublished();
    }

    private async Task PublishPublicCopyAsync(string exchange, RabbitMqPublicMessage message)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            MessageId = message.MessageId,
            Type = message.Type,
            ContentType = message.ContentType,
            Timestamp = new AmqpTimestamp(message.Timestamp.ToUnixTimeSeconds()),
        };
        await publisher.PublishAsync(exchange, message.RoutingKey, mandatory: false, properties, message.Body);
        publisher.Health.CountPublishedPublic();
    }
}
