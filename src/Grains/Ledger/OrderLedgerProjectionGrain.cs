using MarketMicro.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MarketMicro.Grains.Ledger;

/// <summary>
/// Keeps the order ledger current: one activation per order stream, writing each order event's snapshot.
/// Duplicates and out-of-order deliveries are harmless because the ledger keeps the newest version.
/// </summary>
[ImplicitStreamSubscription(StreamNamespaces.Orders)]
public sealed class OrderLedgerProjectionGrain(IOrderLedger ledger) : Grain, IGrainWithGuidKey, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<ShopEvent>().ResumeAsync(OnEventAsync);

    private Task OnEventAsync(ShopEvent shopEvent, StreamSequenceToken? token) =>
        shopEvent is OrderEvent orderEvent ? ledger.ApplyAsync(orderEvent.Order) : Task.CompletedTask;
}
