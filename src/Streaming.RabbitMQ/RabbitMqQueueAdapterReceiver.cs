using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>
/// Consumes one stream queue with a bounded prefetch and hands its messages to the pulling agent.
/// A message is acknowledged only once the agent's cache reports it delivered to every subscriber;
/// a message a subscriber failed on is published again with one more attempt (or dead-lettered) and then
/// acknowledged; unacknowledged messages return to the queue when the channel or connection goes away.
/// </summary>
internal sealed partial class RabbitMqQueueAdapterReceiver(
    string queue,
    RabbitMqStreamOptions options,
    RabbitMqConnection connection,
    RabbitMqPublisher publisher,
    Serializer serializer,
    DeliveryFailures failures,
    RabbitMqStreamsHealth health,
    ILogger logger) : IQueueAdapterReceiver
{
    private readonly ConcurrentQueue<Delivery> received = new();
    private readonly Queue<Delivery> pending = new();
    private IChannel? channel;
    private int epoch;
    private long nextSequenceNumber = DateTime.UtcNow.Ticks;
    private bool stopped;

    public async Task Initialize(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            var opened = await connection.GetAsync(cancellation.Token);
            await EnsureConsumingAsync(opened, cancellation.Token);
        }
        catch (Exception exception)
        {
            // The broker may be down at start-up: reading keeps trying to start the consumer.
            LogConsumeFailed(exception, health.ProviderName, queue);
        }
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        if (stopped || !connection.TryGet(out var opened))
            return [];
        try
        {
            await EnsureConsumingAsync(opened, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogConsumeFailed(exception, health.ProviderName, queue);
            return [];
        }

        var limit = maxCount < 0 ? options.PrefetchCount : Math.Min(maxCount, options.PrefetchCount);
        var batches = new List<IBatchContainer>();
        var currentEpoch = Volatile.Read(ref epoch);
        while (batches.Count < limit && received.TryDequeue(out var delivery))
        {
            if (delivery.Epoch != currentEpoch)
                continue; // its channel is gone, so the broker delivers it again
            if (!TryRead(delivery, out var message, out var error))
            {
                await SettleUnreadableAsync(delivery, error, cancellationToken);
                continue;
            }
            delivery.SequenceNumber = nextSequenceNumber++;
            delivery.StreamId = message.StreamId;
            pending.Enqueue(delivery);
            batches.Add(new RabbitMqBatchContainer(message.StreamId, message.Events, message.RequestContext,
                new EventSequenceTokenV2(delivery.SequenceNumber), delivery.DeliveryTag));
        }
        return batches;
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    /// <summary>
    /// Settles, in delivery order, every pending message up to the newest one the cache purged: delivered ones
    /// are acknowledged (one multiple-ack), failed ones retried or dead-lettered first. The cache leaves failed
    /// messages out of <paramref name="messages"/>, so a pending message it passed over counts as failed too.
    /// </summary>
    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        var delivered = new HashSet<long>(messages.Count);
        var newest = long.MinValue;
        foreach (var message in messages)
        {
            var sequenceNumber = message.SequenceToken.SequenceNumber;
            delivered.Add(sequenceNumber);
            newest = Math.Max(newest, sequenceNumber);
        }

        var currentEpoch = Volatile.Read(ref epoch);
        ulong acknowledgeUpTo = 0;
        var acknowledged = 0;
        while (pending.TryPeek(out var delivery)
            && (delivery.SequenceNumber <= newest || failures.Contains(delivery.SequenceNumber)))
        {
            pending.Dequeue();
            var failed = failures.Take(delivery.SequenceNumber) || !delivered.Contains(delivery.SequenceNumber);
            if (delivery.Epoch != currentEpoch)
                continue; // its delivery tag died with its channel; the broker delivers it again
            if (failed && !await TryRetryOrDeadLetterAsync(delivery, cancellationToken))
            {
                await NegativeAcknowledgeAsync(delivery);
                continue;
            }
            acknowledgeUpTo = delivery.DeliveryTag;
            acknowledged++;
        }

        if (acknowledgeUpTo > 0 && await TryAcknowledgeAsync(acknowledgeUpTo, multiple: true))
            health.CountAcknowledged(acknowledged);
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        stopped = true;
        if (channel is { } consuming)
        {
            channel = null;
            health.CountConsumerStopped();
            try
            {
                // Closing returns every unacknowledged message to the queue for the silo that takes it over.
                await consuming.CloseAsync();
            }
            catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException)
            {
                LogConsumeFailed(exception, health.ProviderName, queue);
            }
            consuming.Dispose();
        }
        received.Clear();
        pending.Clear();
    }

    private async Task EnsureConsumingAsync(IConnection opened, CancellationToken cancellationToken)
    {
        if (channel is not null && !RabbitMqTopology.IsFaulted(channel, opened))
            return; // open, or closed with its connection and restored by automatic recovery
        if (channel is not null)
        {
            Interlocked.Increment(ref epoch);
            channel.Dispose();
            channel = null;
            health.CountConsumerStopped();
        }

        var created = await opened.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            created.ChannelShutdownAsync += (_, _) =>
            {
                Interlocked.Increment(ref epoch);
                return Task.CompletedTask;
            };
            await created.BasicQosAsync(0, options.PrefetchCount, global: false, cancellationToken);
            // The whole topology, not just this queue: subscribers of the public exchange can bind as soon as a silo runs.
            await RabbitMqTopology.DeclareAsync(created, options, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(created);
            consumer.ReceivedAsync += OnReceivedAsync;
            await created.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
            channel = created;
            health.CountConsumerStarted();
            LogConsuming(health.ProviderName, queue);
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    private Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        if (delivery.Redelivered)
            health.CountRedelivered();
        // The body's memory belongs to the client only for the duration of this handler.
        received.Enqueue(new Delivery(Volatile.Read(ref epoch), delivery.DeliveryTag,
            RabbitMqTopology.Attempts(delivery.BasicProperties), delivery.Body.ToArray()));
        return Task.CompletedTask;
    }

    private bool TryRead(Delivery delivery, out RabbitMqStreamMessage message, out string error)
    {
        try
        {
            message = serializer.Deserialize<RabbitMqStreamMessage>(delivery.Body)!;
            error = message?.Events is null ? "no events" : "";
            return error.Length == 0;
        }
        catch (Exception exception)
        {
            message = null!;
            error = exception.Message;
            return false;
        }
    }

    private async Task SettleUnreadableAsync(Delivery delivery, string error, CancellationToken cancellationToken)
    {
        try
        {
            await DeadLetterAsync(delivery, $"unreadable message: {error}", cancellationToken);
            await TryAcknowledgeAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSettleFailed(exception, health.ProviderName, queue);
            await NegativeAcknowledgeAsync(delivery);
        }
    }

    private async Task<bool> TryRetryOrDeadLetterAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            if (delivery.Attempts >= options.MaxDeliveryAttempts)
            {
                await DeadLetterAsync(delivery, $"delivery failed {delivery.Attempts} times", cancellationToken);
                return true;
            }
            var properties = new BasicProperties
            {
                Persistent = true,
                Headers = new Dictionary<string, object?> { [RabbitMqTopology.AttemptsHeader] = delivery.Attempts + 1 },
            };
            await publisher.PublishAsync("", queue, mandatory: true, properties, delivery.Body, cancellationToken);
            health.CountRetried();
            LogRetry(health.ProviderName, delivery.StreamId, queue, delivery.Attempts + 1, options.MaxDeliveryAttempts);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSettleFailed(exception, health.ProviderName, queue);
            return false;
        }
    }

    private async Task DeadLetterAsync(Delivery delivery, string reason, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            Headers = new Dictionary<string, object?>
            {
                [RabbitMqTopology.AttemptsHeader] = delivery.Attempts,
                [RabbitMqTopology.ReasonHeader] = reason,
                [RabbitMqTopology.OriginalQueueHeader] = queue,
                [RabbitMqTopology.StreamHeader] = delivery.StreamId?.ToString() ?? "",
            },
        };
        await publisher.PublishAsync("", options.DeadLetterQueueName, mandatory: true, properties, delivery.Body, cancellationToken);
        health.CountDeadLettered();
        LogDeadLettered(health.ProviderName, delivery.StreamId, queue, options.DeadLetterQueueName, reason);
    }

    private async Task<bool> TryAcknowledgeAsync(ulong deliveryTag, bool multiple)
    {
        if (channel is not { IsOpen: true } consuming)
            return false;
        try
        {
            await consuming.BasicAckAsync(deliveryTag, multiple);
            return true;
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException)
        {
            return false; // the channel died meanwhile: the broker delivers the messages again
        }
    }

    private async Task NegativeAcknowledgeAsync(Delivery delivery)
    {
        if (channel is not { IsOpen: true } consuming)
            return;
        try
        {
            await consuming.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException)
        {
            LogSettleFailed(exception, health.ProviderName, queue);
        }
    }

    private sealed class Delivery(int epoch, ulong deliveryTag, int attempts, byte[] body)
    {
        public int Epoch { get; } = epoch;
        public ulong DeliveryTag { get; } = deliveryTag;
        public int Attempts { get; } = attempts;
        public byte[] Body { get; } = body;
        public long SequenceNumber { get; set; }
        public StreamId? StreamId { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ streams {Provider}: consuming {Queue}")]
    private partial void LogConsuming(string provider, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ streams {Provider}: cannot consume {Queue} yet")]
    private partial void LogConsumeFailed(Exception exception, string provider, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ streams {Provider}: a message of {StreamId} failed; queued again on {Queue} for attempt {Attempt} of {MaxAttempts}")]
    private partial void LogRetry(string provider, StreamId? streamId, string queue, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "RabbitMQ streams {Provider}: a message of {StreamId} from {Queue} moved to {DeadLetterQueue}: {Reason}")]
    private partial void LogDeadLettered(string provider, StreamId? streamId, string queue, string deadLetterQueue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ streams {Provider}: settling a failed message of {Queue} failed; it returns to the queue")]
    private partial void LogSettleFailed(Exception exception, string provider, string queue);
}
