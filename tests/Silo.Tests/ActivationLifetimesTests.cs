using System.Diagnostics;
using MarketMicro.Grains.Carts;
using MarketMicro.Grains.Ledger;
using MarketMicro.Grains.Orders;
using MarketMicro.Grains.Products;
using MarketMicro.Grains.Search;
using MarketMicro.Products;
using MarketMicro.Silo.Events;
using MarketMicro.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Metadata;
using Orleans.Streams;
using Orleans.TestingHost;

namespace MarketMicro.Silo.Tests;

/// <summary>
/// Reads each grain type's collection age where the silo's collector reads it (the shared context every activation of
/// the type gets), so a misspelt class name, a grain attribute or an Orleans default winning over ours fails here.
/// </summary>
public sealed class ActivationLifetimesTests
{
    [Fact]
    public async Task ProductsAndEventAppliersLeaveMemoryAfterAMinuteAndOtherGrainsAfterOrleansQuarterHour()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await StartAsync(ShopConfiguration.Sqlite(data.Path));

        Assert.Equal(TimeSpan.FromMinutes(1), CollectionAge<ProductGrain>(cluster));
        Assert.Equal(TimeSpan.FromMinutes(1), CollectionAge<ProductIndexerGrain>(cluster));
        Assert.Equal(TimeSpan.FromMinutes(1), CollectionAge<OrderLedgerProjectionGrain>(cluster));
        Assert.Equal(TimeSpan.FromMinutes(15), CollectionAge<OrderGrain>(cluster));
    }

    [Fact]
    public async Task ConfiguredAgesReachTheNamedGrainTypesAndTheDefaultReachesTheRest()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await StartAsync(ShopConfiguration.Sqlite(data.Path,
            ("Orleans:CollectionAge:Default", "00:20:00"),
            ("Orleans:CollectionAge:Product", "00:05:00"),
            ("Orleans:CollectionAge:cart", "00:03:00")));

        Assert.Equal(TimeSpan.FromMinutes(5), CollectionAge<ProductGrain>(cluster));
        Assert.Equal(TimeSpan.FromMinutes(3), CollectionAge<CartGrain>(cluster));
        Assert.Equal(TimeSpan.FromMinutes(1), CollectionAge<ProductIndexerGrain>(cluster));
        Assert.Equal(TimeSpan.FromMinutes(20), CollectionAge<OrderGrain>(cluster));
    }

    [Fact]
    public async Task TheGrainDirectoryCacheKeepsFiftyThousandEntriesUnlessConfigured()
    {
        using var data = new TemporaryDirectory();
        await using (var defaults = await StartAsync(ShopConfiguration.Sqlite(data.Path)))
        {
            Assert.Equal(50_000, defaults.GetSiloServiceProvider().GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
        }

        await using var configured = await StartAsync(ShopConfiguration.Sqlite(data.Path, ("Orleans:DirectoryCacheSize", "1000")));
        Assert.Equal(1000, configured.GetSiloServiceProvider().GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
    }

    [Fact]
    public async Task MemoryStreamsDropEventsAfterAMinuteInsteadOfOrleansHalfHour()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await StartAsync(ShopConfiguration.Sqlite(data.Path));

        var eviction = cluster.GetSiloServiceProvider().GetRequiredService<IOptionsMonitor<StreamCacheEvictionOptions>>().Get(ProviderNames.Streams);
        Assert.Equal(TimeSpan.FromMinutes(1), eviction.DataMinTimeInCache);
        Assert.Equal(TimeSpan.FromMinutes(1), eviction.DataMaxAgeInCache);
    }

    [Fact]
    public async Task MemoryStreamCachesTakeTheirBlocksFromThePoolTheMemoryTrimmerReleases()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await StartAsync(ShopConfiguration.Sqlite(data.Path));
        var services = cluster.GetSiloServiceProvider();
        var factory = Assert.IsType<SpareBlockMemoryStreamCache>(services.GetRequiredKeyedService<IQueueAdapterFactory>(ProviderNames.Streams));
        Assert.Equal(SpareBlockMemoryStreamCache.ReserveBlocks, factory.Blocks.Reserve);
        Assert.Contains(factory.Blocks, services.GetServices<IReleasesSpareMemory>());

        // A product's creation is an event on its bucket's stream: the queue's cache copies it into a block of the pool.
        var product = cluster.Client.GetGrain<IProductGrain>(Guid.NewGuid());
        await product.Create(new ProductDetails("Desk lamp", "A lamp for the desk", 19.50m, "home", null), 4);
        await Eventually.HoldsAsync(() => Task.FromResult(factory.Blocks.Made > 0), TimeSpan.FromSeconds(20),
            "a cache block taken from the spare block pool");
    }

    [Fact]
    public async Task TheMemoryTrimmerCountsTheActivationsThatLeave()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await StartAsync(ShopConfiguration.Sqlite(data.Path));
        var counter = cluster.GetSiloServiceProvider().GetRequiredService<DeactivationCounter>();
        var products = Enumerable.Range(0, 3).Select(_ => cluster.Client.GetGrain<IProductGrain>(Guid.NewGuid())).ToList();
        foreach (var product in products)
        {
            await product.Create(new ProductDetails("Desk lamp", "A lamp for the desk", 19.50m, "home", null), 4);
        }

        var before = counter.Deactivated;
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        await Eventually.HoldsAsync(() => Task.FromResult(counter.Deactivated - before >= products.Count), TimeSpan.FromSeconds(20),
            "the collected products counted as deactivated");
    }

    [Fact]
    public async Task AProductCalledThroughoutLeavesItsAgeAfterItsLastCallNotAWholeAgeAfterOrleansNextLook()
    {
        using var data = new TemporaryDirectory();
        var age = TimeSpan.FromSeconds(11);
        await using var cluster = await StartAsync(ShopConfiguration.Sqlite(data.Path, ("Orleans:CollectionAge:Product", "00:00:11")));
        var counter = cluster.GetSiloServiceProvider().GetRequiredService<DeactivationCounter>();
        var product = cluster.Client.GetGrain<IProductGrain>(Guid.NewGuid());
        await product.Create(new ProductDetails("Desk lamp", "A lamp for the desk", 19.50m, "home", null), 4);

        // Read for longer than its age: Orleans' collector looks at it about an age after it started, finds it called
        // moments ago and would look again only a whole age (rounded up to its quantum) later, up to 33 s after the last
        // read; the product's own timer lets it go once the age has passed since that read.
        var reading = Stopwatch.StartNew();
        while (reading.Elapsed < TimeSpan.FromSeconds(15))
        {
            await product.Get();
            await Task.Delay(100);
        }

        var before = counter.Deactivated;
        var sinceLastRead = Stopwatch.StartNew();
        await Eventually.HoldsAsync(() => Task.FromResult(counter.Deactivated > before), TimeSpan.FromSeconds(40), "the product left");
        Assert.InRange(sinceLastRead.Elapsed, age - TimeSpan.FromSeconds(1), age + TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task AnAgeForAGrainThatDoesNotExistStopsTheSilo()
    {
        using var data = new TemporaryDirectory();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            StartAsync(ShopConfiguration.Sqlite(data.Path, ("Orleans:CollectionAge:Prodcut", "00:05:00"))));

        Assert.Contains("Orleans:CollectionAge:Prodcut", Flatten(failure));
    }

    private static TimeSpan CollectionAge<TGrain>(InProcessTestCluster cluster)
    {
        var services = cluster.GetSiloServiceProvider();
        var grainType = services.GetRequiredService<GrainTypeResolver>().GetGrainType(typeof(TGrain));
        return services.GetRequiredService<GrainTypeSharedContextResolver>().GetComponents(grainType).CollectionAgeLimit;
    }

    private static string Flatten(Exception failure) =>
        string.Join(" | ", Enumerable.Repeat(failure, 1).Concat(failure is AggregateException all ? all.Flatten().InnerExceptions : [])
            .SelectMany(e => Chain(e)).Select(e => e.Message));

    private static IEnumerable<Exception> Chain(Exception? failure)
    {
        for (; failure is not null; failure = failure.InnerException)
        {
            yield return failure;
        }
    }

    private static async Task<InProcessTestCluster> StartAsync(IConfiguration configuration)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = Guid.NewGuid().ToString("N");
        builder.ConfigureSilo((_, silo) => silo.UseMarketMicroApplication(configuration));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
