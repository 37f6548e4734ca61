using MarketMicro.Grains.Search;
using MarketMicro.Search.Lucene;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.TestSupport;

/// <summary>
/// The silos of an in-process test cluster share one data directory, and a Lucene folder takes a single writer: each
/// silo keeps its search replica in a folder of its own under <c>directory</c>, named after the silo, as separate
/// machines would. Registered after or before the production composition, it replaces the one Lucene folder.
/// </summary>
public static class SearchReplicaFolders
{
    public static ISiloBuilder UseSearchReplicaFolderPerSilo(this ISiloBuilder silo, string directory)
    {
        silo.Services.AddSingleton<IProductSearchIndex>(services => new LuceneProductIndex(
            Path.Combine(directory, services.GetRequiredService<ILocalSiloDetails>().Name),
            NullLogger<LuceneProductIndex>.Instance));
        return silo;
    }
}
