using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;

namespace MarketMicro.Grains.Tests.Search;

public sealed class SearchIndexingTests
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ProductChangesAreSearchableWithinTwoSecondsThroughTheEventStream()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 2);
        var product = shop.Client.GetGrain<IProductGrain>(Guid.NewGuid());
        var search = shop.Client.GetGrain<IProductSearchGrain>(0);

        await product.Create(new ProductDetails("Velvet Armchair", "Deep green", 320m, "Furniture", null), 4);
        await WithinAsync(Fresh, async () => (await search.Search(Query("velvet"))).Items is [{ Name: "Velvet Armchair" }]);

        var current = (await product.Get())!;
        await product.Update(new ProductDetails("Velvet Sofa", current.Description, 410m, current.Category, null), current.OnHand);
        await WithinAsync(Fresh, async () => (await search.Search(Query("velvet"))).Items is [{ Name: "Velvet Sofa", Price: 410m }]);

        await product.ChangeInventory(new InventoryChange(0, null));
        await WithinAsync(Fresh, async () => (await search.Search(Query("velvet") with { InStock = false })).Total == 1);

        await product.Delete();
        await WithinAsync(Fresh, async () => (await search.Search(Query("velvet"))).Total == 0);
    }

    [Fact]
    public async Task ALostIndexIsRebuiltFromTheStoredProductsAtStartUp()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        var serviceId = Guid.NewGuid().ToString("N");
        await using (var first = await ShopCluster.StartOnAsync(storage, serviceId))
        {
            foreach (var name in new[] { "Maple Shelf", "Maple Table", "Maple Bench" })
            {
                await first.Client.GetGrain<IProductGrain>(Guid.NewGuid()).Create(new ProductDetails(name, "Solid maple", 99m, "Furniture", null), 3);
            }

            var gone = first.Client.GetGrain<IProductGrain>(Guid.NewGuid());
            await gone.Create(new ProductDetails("Maple Stool", "Solid maple", 49m, "Furniture", null), 3);
            await gone.Delete();
            await WithinAsync(Fresh, async () => (await first.Client.GetGrain<IProductSearchGrain>(0).Search(Query("maple"))).Total == 3);
        }

        Directory.Delete(Path.Combine(storage.DataDirectory, "search"), recursive: true);

        await using var second = await ShopCluster.StartOnAsync(storage, serviceId);
        await WithinAsync(TimeSpan.FromSeconds(20), async () =>
            (await second.Client.GetGrain<IProductSearchGrain>(0).Search(Query("maple"))).Items.Select(p => p.Name).Order()
                .SequenceEqual(["Maple Bench", "Maple Shelf", "Maple Table"]));
    }

    private static ProductQuery Query(string text) => new(text, null, null, null, null, ProductSort.Relevance, 0, 20);

    private static Task WithinAsync(TimeSpan limit, Func<Task<bool>> condition) =>
        Eventually.HoldsAsync(condition, limit, "the change becoming searchable");
}
