using System.Collections.Concurrent;
using MarketMicro.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MarketMicro.Grains.Tests;

/// <summary>An extra consumer of one stream namespace that remembers every event it received, by entity id.</summary>
public abstract class EventRecorderGrain : Grain, IGrainWithGuidKey, IStreamSubscriptionObserver
{
    protected abstract ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Events { get; }

    /// <summary>Which consumers (by grain key, the stream's key) heard each entity's events.</summary>
    protected abstract ConcurrentDictionary<Guid, ConcurrentBag<Guid>> Consumers { get; }

    /// <summary>The entity the event is about (its stream is its bucket's).</summary>
    private static Guid EntityOf(ShopEvent evt) => evt switch
    {
        OrderEvent order => order.Order.Id,
        ProductChanged changed => changed.Product.Id,
        StockChanged stock => stock.Product.Id,
        ProductDeleted deleted => deleted.ProductId,
        _ => throw new InvalidOperationException($"No entity for {evt.GetType().Name}"),
    };

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<ShopEvent>();
        await handle.ResumeAsync((evt, _) =>
        {
            Events.GetOrAdd(EntityOf(evt), _ => new()).Enqueue(evt);
            Consumers.GetOrAdd(EntityOf(evt), _ => []).Add(this.GetPrimaryKey());
            return Task.CompletedTask;
        });
    }
}

[ImplicitStreamSubscription(StreamNamespaces.Orders)]
public sealed class OrderEventRecorderGrain : EventRecorderGrain
{
    public static ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Received { get; } = new();

    protected override ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Events => Received;

    public static ConcurrentDictionary<Guid, ConcurrentBag<Guid>> HeardBy { get; } = new();

    protected override ConcurrentDictionary<Guid, ConcurrentBag<Guid>> Consumers => HeardBy;
}

[ImplicitStreamSubscription(StreamNamespaces.Products)]
public sealed class ProductEventRecorderGrain : EventRecorderGrain
{
    public static ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Received { get; } = new();

    protected override ConcurrentDictionary<Guid, ConcurrentQueue<ShopEvent>> Events => Received;

    public static ConcurrentDictionary<Guid, ConcurrentBag<Guid>> HeardBy { get; } = new();

    protected override ConcurrentDictionary<Guid, ConcurrentBag<Guid>> Consumers => HeardBy;
}
