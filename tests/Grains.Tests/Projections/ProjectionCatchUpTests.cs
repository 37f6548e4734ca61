using MarketMicro.Grains.Ledger;
using MarketMicro.Grains.Orders;
using MarketMicro.Grains.Products;
using MarketMicro.Grains.Projections;
using MarketMicro.Ledger;
using MarketMicro.Orders;
using MarketMicro.Products;
using MarketMicro.Projections;
using MarketMicro.Search;
using MarketMicro.Search.Lucene;
using MarketMicro.Silo.Ledger;
using MarketMicro.Silo.Projections;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarketMicro.Grains.Tests.Projections;

public sealed class ProjectionCatchUpTests
{
    [Fact]
    public async Task OrdersWhoseEventsNeverReachedTheLedgerAppearAfterCatchUpWithTheirLatestStatus()
    {
        await using var shop = await StartWithEveryOrderEventLostAsync(catchUpInterval: "00:00:01");
        var product = await shop.CreateProductAsync(stock: 10, price: 4m);
        var userId = Guid.NewGuid();
        var shipped = await shop.PlaceOrderAsync(userId, product, 2);
        var cancelled = await shop.PlaceOrderAsync(userId, product, 1);
        var placed = await shop.PlaceOrderAsync(userId, product, 3);
        await shop.Client.GetGrain<IOrderGrain>(shipped).ChangeStatus(OrderStatus.Confirmed);
        await shop.Client.GetGrain<IOrderGrain>(shipped).ChangeStatus(OrderStatus.Shipped);
        await shop.Client.GetGrain<IOrderGrain>(cancelled).Cancel();

        var reader = shop.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOrderLedgerReader>();
        var page = await Eventually.ReturnsAsync(
            () => reader.ListOrdersAsync(new LedgerOrderFilter(null, userId, null, null, null, 1, 10)),
            // The last change the catch-up must bring is the cancellation (made after the shipment).
            listed => listed.Items.Count == 3 && listed.Items.Single(o => o.OrderId == shipped).Status == OrderStatus.Shipped
                && listed.Items.Single(o => o.OrderId == cancelled).Status != OrderStatus.Placed,
            TimeSpan.FromSeconds(15),
            "the catch-up bringing the three orders into the ledger");

        Assert.Equal(OrderStatus.Cancelled, page.Items.Single(o => o.OrderId == cancelled).Status);
        Assert.Equal(OrderStatus.Placed, page.Items.Single(o => o.OrderId == placed).Status);
        Assert.Equal(12m, page.Items.Single(o => o.OrderId == placed).Total);
    }

    [Fact]
    public async Task ALedgerCatchUpReadsStoredOrdersWithoutActivatingTheirGrains()
    {
        // The silo's own catch-up runs at start only: the test runs the pass itself.
        await using var shop = await StartWithEveryOrderEventLostAsync(catchUpInterval: "01:00:00");
        var product = await shop.CreateProductAsync(stock: 10, price: 4m);
        var userId = Guid.NewGuid();
        var confirmed = await shop.PlaceOrderAsync(userId, product, 2);
        await shop.PlaceOrderAsync(userId, product, 1);
        await shop.Client.GetGrain<IOrderGrain>(confirmed).ChangeStatus(OrderStatus.Confirmed);
        var management = shop.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(0, await shop.ActivationsAsync<OrderGrain>());
        var services = shop.Cluster.Silos[0].ServiceProvider;
        var ledger = services.GetServices<IProjection>().Single(projection => projection.Name == ProjectionNames.Ledger);

        await Passes(shop, TimeSpan.Zero).CatchUpAsync(ledger);

        var page = await services.GetRequiredService<IOrderLedgerReader>().ListOrdersAsync(new LedgerOrderFilter(null, userId, null, null, null, 1, 10));
        Assert.Equal([(OrderStatus.Placed, 4m), (OrderStatus.Confirmed, 8m)], page.Items.OrderBy(o => o.Status).Select(o => (o.Status, o.Total)));
        Assert.Equal(0, await shop.ActivationsAsync<OrderGrain>());
    }

    [Fact]
    public async Task ALedgerCatchUpDoesNotWriteAgainOrdersTheLedgerHoldsAtTheirVersion()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1, settings: [("Projections:CatchUpInterval", "01:00:00")]);
        var product = await shop.CreateProductAsync(stock: 10, price: 4m);
        var userId = Guid.NewGuid();
        await shop.PlaceOrderAsync(userId, product, 2);
        await shop.PlaceOrderAsync(userId, product, 1);
        var services = shop.Cluster.Silos[0].ServiceProvider;
        var ledger = services.GetRequiredService<SqlOrderLedger>();
        // Both orders reach the ledger through their events.
        var written = await Eventually.ReturnsAsync(() => Task.FromResult(ledger.OrdersWritten), count => count == 2,
            TimeSpan.FromSeconds(15), "both orders' events reaching the ledger");

        var pass = await Passes(shop, TimeSpan.Zero).CatchUpAsync(services.GetServices<IProjection>().Single(p => p.Name == ProjectionNames.Ledger));

        Assert.True(pass.Applied >= 2);
        Assert.Equal(written, ledger.OrdersWritten);
        var page = await ledger.ListOrdersAsync(new LedgerOrderFilter(null, userId, null, null, null, 1, 10));
        Assert.Equal([4m, 8m], page.Items.Select(o => o.Total).Order());
    }

    [Fact]
    public async Task AnIndexThatMissedProductChangesGetsThemAtTheNextCatchUpAndLosesDeletedProducts()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        using var fed = new PassFedIndex(shop);
        var (index, projection) = (fed.Index, fed.Projection);
        var passes = Passes(shop, TimeSpan.Zero);
        await shop.CreateProductAsync(stock: 1, name: "Kept Lamp");
        var renamed = await shop.CreateProductAsync(stock: 2, name: "Old Lamp");
        var deleted = await shop.CreateProductAsync(stock: 3, name: "Doomed Lamp");

        var full = await passes.CatchUpAsync(projection);
        Assert.Equal(3, full.Applied);
        Assert.Equal(["Doomed Lamp", "Kept Lamp", "Old Lamp"], await IndexedNamesAsync(index));

        await shop.Client.GetGrain<IProductGrain>(renamed).Update(new ProductDetails("Renamed Lamp", "A test product", 10m, "tests", null), 2);
        await shop.Client.GetGrain<IProductGrain>(deleted).Delete();
        await shop.CreateProductAsync(stock: 4, name: "New Lamp");
        await passes.CatchUpAsync(projection);

        Assert.Equal(["Kept Lamp", "New Lamp", "Renamed Lamp"], await IndexedNamesAsync(index));
        Assert.True(ProjectionPasses.Parse(await index.GetCheckpointAsync()) > ProjectionPasses.Parse(full.Checkpoint));
    }

    [Fact]
    public async Task ACatchUpReadsStoredProductsWithoutActivatingTheirGrains()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        using var fed = new PassFedIndex(shop);
        var index = fed.Index;
        var passes = Passes(shop, TimeSpan.Zero);
        await shop.CreateProductAsync(stock: 1, name: "Stored Lamp");
        var management = shop.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(0, await shop.ActivationsAsync<ProductGrain>());

        await passes.CatchUpAsync(fed.Projection);

        Assert.Equal(["Stored Lamp"], await IndexedNamesAsync(index));
        Assert.Equal(0, await shop.ActivationsAsync<ProductGrain>());
    }

    [Fact]
    public async Task ACatchUpAfterNothingWasWrittenAppliesNothingAgain()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        using var fed = new PassFedIndex(shop);
        var (index, projection) = (fed.Index, fed.Projection);
        var margin = TimeSpan.FromMilliseconds(500);
        var passes = Passes(shop, margin);
        await shop.CreateProductAsync(stock: 1, name: "Quiet Lamp");
        await shop.CreateProductAsync(stock: 2, name: "Still Lamp");
        // Both writes are now further back than the margin: a pass that starts reading a margin before its newest write
        // would apply them both again, every time.
        await Task.Delay(margin * 2);

        Assert.Equal(2, (await passes.CatchUpAsync(projection)).Applied);
        Assert.Equal(0, (await passes.CatchUpAsync(projection)).Applied);

        await shop.CreateProductAsync(stock: 3, name: "Late Lamp");
        Assert.Equal(1, (await passes.CatchUpAsync(projection)).Applied);
        Assert.Equal(["Late Lamp", "Quiet Lamp", "Still Lamp"], await IndexedNamesAsync(index));
    }

    /// <summary>A one-silo shop whose ledger loses every order event, so that only the catch-up brings orders in.</summary>
    private static Task<ShopCluster> StartWithEveryOrderEventLostAsync(string catchUpInterval) =>
        ShopCluster.StartAsync(
            silos: 1,
            settings: [("Projections:CatchUpInterval", catchUpInterval)],
            configureSilo: silo => silo.Services.AddSingleton<IOrderLedger, EveryEventLost>());

    private static ProjectionPasses Passes(ShopCluster shop, TimeSpan safetyMargin) =>
        new(new StoredStateChanges(shop.Storage.Database, shop.ServiceId), Options.Create(new ProjectionOptions { SafetyMargin = safetyMargin }));


    private static async Task<List<string>> IndexedNamesAsync(LuceneProductIndex index) =>
        (await index.SearchAsync(new ProductQuery(null, null, null, null, null, ProductSort.Name, 0, 50))).Items.Select(p => p.Name).ToList();

    /// <summary>A ledger consumer that loses every event it is handed (a crash between publish and delivery, each time).</summary>
    private sealed class EveryEventLost : IOrderLedger
    {
        public Task ApplyAsync(OrderSnapshot order, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    /// <summary>A search index of its own, in a folder of its own, fed by nothing but the passes: every product event is lost to it.</summary>
    private sealed class PassFedIndex : IDisposable
    {
        private readonly TemporaryDirectory folder = new();

        public PassFedIndex(ShopCluster shop)
        {
            Index = new LuceneProductIndex(folder.Path, NullLogger<LuceneProductIndex>.Instance);
            Projection = new SearchIndexProjection(Index, shop.Client, shop.Cluster.GetSiloServiceProvider().GetRequiredService<GroupCommitGrainStorage>());
        }

        public LuceneProductIndex Index { get; }

        public SearchIndexProjection Projection { get; }

        public void Dispose()
        {
            Index.Dispose();
            folder.Dispose();
        }
    }
}
