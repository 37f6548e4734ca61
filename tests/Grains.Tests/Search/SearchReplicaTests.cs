using MarketMicro.Grains.Search;
using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MarketMicro.Grains.Tests.Search;

/// <summary>A cluster on Lucene, on RabbitMQ: every silo keeps a full search replica of its own, fed by the catalog events its own queue hears.</summary>
public sealed class RabbitMqSearchReplicaTests : SearchReplicaTests
{
    private readonly string prefix = $"test.replicas.{Guid.NewGuid():N}";
    private IAsyncDisposable noOutage = null!;

    protected override string Folder => Path.Combine(Path.GetTempPath(), prefix);

    protected override (string Key, string Value)[] Settings =>
    [
        ("ConnectionStrings:RabbitMq", TestServers.RabbitMq),
        ("RabbitMq:QueuePrefix", prefix),
        ("RabbitMq:QueueCount", "2"),
        ("RabbitMq:PublicExchange", $"{prefix}.events"),
    ];

    public override async Task InitializeAsync()
    {
        noOutage = await TestBroker.HoldOffOutagesAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestBroker.DeleteAsync([$"{prefix}.0", $"{prefix}.1", $"{prefix}.dead-letter"], $"{prefix}.events");
        await noOutage.DisposeAsync();
    }
}

/// <summary>The same on memory streams (no broker): the indexer grains send every catalog change to every silo's replica.</summary>
public sealed class MemoryStreamSearchReplicaTests : SearchReplicaTests
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"test.replicas.{Guid.NewGuid():N}");

    protected override string Folder => folder;

    protected override (string Key, string Value)[] Settings => [];
}

/// <summary>Every silo of a cluster on Lucene keeps a full search replica of its own, and every one shows each change.</summary>
public abstract class SearchReplicaTests : IAsyncLifetime
{
    private ShopCluster shop = null!;

    /// <summary>Where the silos keep their replicas, a folder each.</summary>
    protected abstract string Folder { get; }

    protected abstract (string Key, string Value)[] Settings { get; }

    public virtual async Task InitializeAsync()
    {
        shop = await ShopCluster.StartAsync(silos: 2, settings: Settings, configureSilo: silo => silo.UseSearchReplicaFolderPerSilo(Folder));

        // The replicas listen from the background once their silo runs: wait until both have heard an event.
        await shop.CreateProductAsync(stock: 1, name: "Warmup Stool");
        foreach (var silo in shop.Cluster.Silos)
        {
            await Eventually.HoldsAsync(async () => (await Search(silo, "warmup")).Count == 1, TimeSpan.FromSeconds(30), "the replica listening");
        }
    }

    public virtual async Task DisposeAsync()
    {
        await shop.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    [Fact]
    public async Task EverySilosReplicaShowsEachCatalogChangeWithinTwoSeconds()
    {
        var id = await shop.CreateProductAsync(stock: 3, name: "Quartz Lamp");
        await OnEverySiloWithinTwoSecondsAsync(found => found is [{ Available: 3 }], "the new product");

        await shop.Client.GetGrain<IProductGrain>(id).ChangeInventory(new InventoryChange(null, 4));
        await OnEverySiloWithinTwoSecondsAsync(found => found is [{ Available: 7 }], "the stock change");

        await shop.Client.GetGrain<IProductGrain>(id).Delete();
        await OnEverySiloWithinTwoSecondsAsync(found => found is [], "the deletion");
    }

    [Fact]
    public async Task ASiloThatJoinsLaterCatchesUpFromTheStoredProducts()
    {
        foreach (var name in new[] { "Quartz Bowl", "Quartz Vase", "Quartz Tray" })
        {
            await shop.CreateProductAsync(stock: 2, name: name);
        }

        var late = await shop.Cluster.StartAdditionalSiloAsync();

        await Eventually.HoldsAsync(
            async () => (await Search(late)).Count == 3,
            TimeSpan.FromSeconds(20),
            "the late silo's replica catching up");
    }

    private async Task OnEverySiloWithinTwoSecondsAsync(Func<IReadOnlyList<ProductSnapshot>, bool> expected, string what)
    {
        foreach (var silo in shop.Cluster.Silos)
        {
            await Eventually.HoldsAsync(async () => expected(await Search(silo)), TimeSpan.FromSeconds(2), $"{what} on {silo.SiloAddress}");
        }
    }

    private static async Task<IReadOnlyList<ProductSnapshot>> Search(InProcessSiloHandle silo, string text = "quartz") =>
        (await silo.ServiceProvider.GetRequiredService<IProductSearchIndex>()
            .SearchAsync(new ProductQuery(text, null, null, null, null, ProductSort.Name, 0, 20))).Items;
}
