using MarketMicro.Events;
using MarketMicro.Products;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MarketMicro.Grains.Search;

/// <summary>
/// Keeps the search index current from the product event streams (one activation per bucket of products,
/// <see cref="Events.EventStreams"/>), then hands the event to the admin console's live feed.
/// </summary>
[ImplicitStreamSubscription(StreamNamespaces.Products)]
public sealed class ProductIndexerGrain(ISearchIndexFeed feed) : Grain, IGrainWithGuidKey, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<ShopEvent>().ResumeAsync(OnEventAsync);

    private async Task OnEventAsync(ShopEvent shopEvent, StreamSequenceToken? token)
    {
        await (shopEvent switch
        {
            ProductChanged changed => feed.ApplyAsync(changed.Product),
            StockChanged stock => feed.ApplyAsync(stock.Product),
            ProductDeleted deleted => feed.ApplyAsync(ProductSnapshot.Removed(deleted.ProductId, deleted.Version)),
            _ => Task.CompletedTask,
        });
        await GrainFactory.Reference<IAdminEventsHubGrain>(AdminEventsHub.Key).Publish(shopEvent);
    }
}
