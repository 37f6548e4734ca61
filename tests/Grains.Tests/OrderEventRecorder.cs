using System.Collections.Concurrent;
using MarketMicro.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MarketMicro.Grains.Tests;

/// <summary>An extra consumer of one stream namespace that remembers every event it received, by entity id.</summary>
public abstract class EventRecorderGrain : Grain, IGrainWithGuidKey, IStreamSubscriptionObserver
{
    protected abstract ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Events { get; }

    /// <summary>The entity the event is about: a product's stream is its own, an order's is its bucket's.</summary>
    private Guid EntityOf(ShopEvent evt) => evt is OrderEvent order ? order.Order.Id : this.GetPrimaryKey();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<ShopEvent>();
        await handle.ResumeAsync((evt, _) =>
        {
            Events.GetOrAdd(EntityOf(evt), _ => new()).Enqueue(evt);
            return Task.CompletedTask;
        });
    }
}

[ImplicitStreamSubscription(StreamNamespaces.Orders)]
public sealed class OrderEventRecorderGrain : EventRecorderGrain
{
    public static ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Received { get; } = new();

    protected override ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Events => Received;
}

[ImplicitStreamSubscription(StreamNamespaces.Products)]
public sealed class ProductEventRecorderGrain : EventRecorderGrain
{
    public static ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Received { get; } = new();

    protected override ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Events => Received;
}
