using MarketMicro.Events;
using MarketMicro.Grains.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MarketMicro.Grains.Ledger;

/// <summary>
/// Keeps the order ledger current: one activation per order event stream (a bucket of orders,
/// <see cref="EventStreams"/>), writing each order event's snapshot. Duplicates and out-of-order deliveries are
/// harmless because the ledger keeps the newest version.
/// Once applied, the event goes on to the admin console's live feed, so a console that refetches its figures on it
/// already finds the order in the books.
/// </summary>
[ImplicitStreamSubscription(StreamNamespaces.Orders)]
public sealed class OrderLedgerProjectionGrain(IOrderLedger ledger) : Grain, IGrainWithGuidKey, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<ShopEvent>().ResumeAsync(OnEventAsync);

    private async Task OnEventAsync(ShopEvent shopEvent, StreamSequenceToken? token)
    {
        if (shopEvent is OrderEvent orderEvent)
        {
            await ledger.ApplyAsync(orderEvent.Order);
            await GrainFactory.Reference<IAdminEventsHubGrain>(AdminEventsHub.Key).Publish(orderEvent);
        }
    }
}
