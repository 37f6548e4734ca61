using MarketMicro.Grains.Search;
using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.Search.Lucene;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace MarketMicro.Grains.Tests.Search;

/// <summary>A cluster on Lucene: every silo keeps a full search replica of its own, fed by the catalog events on RabbitMQ.</summary>
public sealed class SearchReplicaTests : IAsyncLifetime
{
    private readonly string prefix = $"test.replicas.{Guid.NewGuid():N}";
    private ShopCluster shop = null!;
    private IAsyncDisposable noOutage = null!;

    public async Task InitializeAsync()
    {
        noOutage = await TestBroker.HoldOffOutagesAsync();
        shop = await StartAsync();

        // The replicas listen from the background once their silo runs: wait until both have heard an event.
        await shop.CreateProductAsync(stock: 1, name: "Warmup Stool");
        foreach (var silo in shop.Cluster.Silos)
        {
            await Eventually.HoldsAsync(async () => (await Search(silo, "warmup")).Count == 1, TimeSpan.FromSeconds(30), "the replica listening");
        }
    }

    private Task<ShopCluster> StartAsync() => ShopCluster.StartAsync(silos: 2, settings:
    [
        ("ConnectionStrings:RabbitMq", TestServers.RabbitMq),
        ("RabbitMq:QueuePrefix", prefix),
        ("RabbitMq:QueueCount", "2"),
        ("RabbitMq:PublicExchange", $"{prefix}.events"),
    ], configureSilo: silo => silo.Services.AddSingleton<IProductSearchIndex>(services => new LuceneProductIndex(
        Path.Combine(Path.GetTempPath(), prefix, services.GetRequiredService<ILocalSiloDetails>().Name),
        NullLogger<LuceneProductIndex>.Instance)));

    public async Task DisposeAsync()
    {
        await shop.DisposeAsync();
        await TestBroker.DeleteAsync([$"{prefix}.0", $"{prefix}.1", $"{prefix}.dead-letter"], $"{prefix}.events");
        Directory.Delete(Path.Combine(Path.GetTempPath(), prefix), recursive: true);
        await noOutage.DisposeAsync();
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
