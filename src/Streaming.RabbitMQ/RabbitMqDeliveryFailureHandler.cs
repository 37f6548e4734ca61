using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>
/// The messages of one queue that a subscriber failed to process (after the pulling agent's own retries for
/// MaxEventDeliveryTime). The receiver reads it when it settles messages: a failed message is published again
/// (or dead-lettered) instead of being simply acknowledged.
/// </summary>
internal sealed class DeliveryFailures
{
    private readonly ConcurrentDictionary<long, byte> failed = new();

    public void Record(long sequenceNumber) => failed[sequenceNumber] = 0;

    public bool Take(long sequenceNumber) => failed.TryRemove(sequenceNumber, out _);

    public bool Contains(long sequenceNumber) => failed.ContainsKey(sequenceNumber);
}

/// <summary>Keeps subscriptions alive on errors and records the failed message for its queue's receiver.</summary>
internal sealed partial class RabbitMqDeliveryFailureHandler(DeliveryFailures failures, ILogger logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        if (sequenceToken is not null)
            failures.Record(sequenceToken.SequenceNumber);
        LogDeliveryFailure(streamProviderName, streamIdentity, subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailure(streamProviderName, streamIdentity, subscriptionId);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ streams {Provider}: delivery to subscription {Subscription} of {StreamId} failed at {Token}; the message will be retried")]
    private partial void LogDeliveryFailure(string provider, StreamId streamId, GuidId subscription, StreamSequenceToken? token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ streams {Provider}: subscription {Subscription} of {StreamId} failed")]
    private partial void LogSubscriptionFailure(string provider, StreamId streamId, GuidId subscription);
}
