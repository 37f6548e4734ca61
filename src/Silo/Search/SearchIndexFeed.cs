using MarketMicro.Grains.Search;
using MarketMicro.Products;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Services;

namespace MarketMicro.Silo.Search;

/// <summary>
/// Applies each catalog change an indexer grain hears to this silo's index. When every silo keeps a replica of its own and
/// no broker broadcasts the catalog events (memory streams), the change also goes to every other active silo's replica,
/// so every silo answers searches alike; a silo the change misses (starting, or down) catches up from the stored products.
/// With a <paramref name="batchInterval"/> (the index's refresh interval: searches see changes no sooner anyway), the
/// changes of that interval are applied together, each product once in its newest version: a product that sells many
/// times a second is indexed a few times a second instead of once per sale. A batch a crash loses is applied by the
/// next catch-up pass, which reads the stored products.
/// </summary>
internal sealed class SearchIndexFeed(
    IServiceProvider services,
    IProductSearchIndex index,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ILogger<SearchIndexFeed> logger,
    bool toEverySilo,
    TimeSpan batchInterval) : GrainServiceClient<ISearchReplicaService>(services), ISearchIndexFeed
{
    private readonly PendingIndexChanges pending = new();

    public Task ApplyAsync(ProductSnapshot product)
    {
        if (batchInterval <= TimeSpan.Zero)
        {
            return ApplyNowAsync([product]);
        }

        if (pending.Add(product))
        {
            _ = Task.Run(FlushLaterAsync);
        }

        return Task.CompletedTask;
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(batchInterval);
        var batch = pending.Drain();
        try
        {
            await ApplyNowAsync(batch);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "{Count} catalog change(s) not indexed yet; the next catch-up pass applies them from the stored products", batch.Count);
        }
    }

    private async Task ApplyNowAsync(IReadOnlyList<ProductSnapshot> products)
    {
        await index.UpsertAsync(products);
        if (!toEverySilo || !index.IsLocalReplica)
        {
            return;
        }

        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active && !member.SiloAddress.Equals(silo.SiloAddress))
            {
                await GetGrainService(member.SiloAddress).Apply(products);
            }
        }
    }
}
