using MarketMicro.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MarketMicro.Grains.Search;

/// <summary>
/// Keeps the search index current from each product's event stream (one activation per product), then hands the event
/// to the admin console's live feed.
/// </summary>
[ImplicitStreamSubscription(StreamNamespaces.Products)]
public sealed class ProductIndexerGrain(IProductSearchIndex index) : Grain, IGrainWithGuidKey, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<ShopEvent>().ResumeAsync(OnEventAsync);

    private async Task OnEventAsync(ShopEvent shopEvent, StreamSequenceToken? token)
    {
        await (shopEvent switch
        {
            ProductChanged changed => index.UpsertAsync([changed.Product]),
            StockChanged stock => index.UpsertAsync([stock.Product]),
            ProductDeleted deleted => index.DeleteAsync(deleted.ProductId),
            _ => Task.CompletedTask,
        });
        await GrainFactory.GetGrain<IAdminEventsHubGrain>(AdminEventsHub.Key).Publish(shopEvent);
    }
}
