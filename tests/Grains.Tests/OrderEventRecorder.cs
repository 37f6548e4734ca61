using System.Collections.Concurrent;
using MarketMicro.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MarketMicro.Grains.Tests;

/// <summary>An extra consumer of the order streams that remembers every event it received, by order id.</summary>
[ImplicitStreamSubscription(StreamNamespaces.Orders)]
public sealed class OrderEventRecorderGrain : Grain, IGrainWithGuidKey, IStreamSubscriptionObserver
{
    public static ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Received { get; } = new();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<ShopEvent>();
        await handle.ResumeAsync((evt, _) =>
        {
            Received.GetOrAdd(this.GetPrimaryKey(), _ => new()).Enqueue(evt);
            return Task.CompletedTask;
        });
    }
}
