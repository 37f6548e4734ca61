using MarketMicro.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MarketMicro.Grains.Search;

/// <summary>Keeps the search index current from each product's event stream (one activation per product).</summary>
[ImplicitStreamSubscription(StreamNamespaces.Products)]
public sealed class ProductIndexerGrain(IProductSearchIndex index) : Grain, IGrainWithGuidKey, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<ShopEvent>().ResumeAsync(OnEventAsync);

    private Task OnEventAsync(ShopEvent shopEvent, StreamSequenceToken? token) => shopEvent switch
    {
        ProductChanged changed => index.UpsertAsync([changed.Product]),
        StockChanged stock => index.UpsertAsync([stock.Product]),
        ProductDeleted deleted => index.DeleteAsync(deleted.ProductId),
        _ => Task.CompletedTask,
    };
}
