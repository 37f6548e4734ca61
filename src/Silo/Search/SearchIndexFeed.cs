using MarketMicro.Grains.Search;
using MarketMicro.Products;
using Orleans.Runtime.Services;

namespace MarketMicro.Silo.Search;

/// <summary>
/// Applies each catalog change an indexer grain hears to this silo's index. When every silo keeps a replica of its own and
/// no broker broadcasts the catalog events (memory streams), the change also goes to every other active silo's replica,
/// so every silo answers searches alike; a silo the change misses (starting, or down) catches up from the stored products.
/// </summary>
internal sealed class SearchIndexFeed(
    IServiceProvider services,
    IProductSearchIndex index,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    bool toEverySilo) : GrainServiceClient<ISearchReplicaService>(services), ISearchIndexFeed
{
    public async Task ApplyAsync(ProductSnapshot product)
    {
        await index.UpsertAsync([product]);
        if (!toEverySilo || !index.IsLocalReplica)
        {
            return;
        }

        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active && !member.SiloAddress.Equals(silo.SiloAddress))
            {
                await GetGrainService(member.SiloAddress).Apply(product);
            }
        }
    }
}
