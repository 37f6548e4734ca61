using MarketMicro.Grains.Search;
using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.Search.Lucene;
using MarketMicro.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.Search.Tests;

/// <summary>The embedded Lucene index, with the shared behaviour suite plus what only a folder on disk can do.</summary>
public sealed class LuceneSearchTests : SearchBehaviourTests
{
    private readonly TemporaryDirectory folder = new();
    private LuceneProductIndex? lucene;

    [Fact]
    public async Task TheIndexSurvivesReopeningItsFolder()
    {
        await Index();
        lucene!.Dispose();
        using var reopened = new LuceneProductIndex(folder.Path, NullLogger<LuceneProductIndex>.Instance);
        Assert.Equal(8, await reopened.CountAsync());
    }

    [Fact]
    public async Task AnIndexACrashLeftUnreadableIsStartedEmptyWithoutACheckpoint()
    {
        await Index();
        await lucene!.SetCheckpointAsync("2026-11-25T00:00:00.0000000Z");
        lucene.Dispose();
        foreach (var segments in Directory.GetFiles(folder.Path, "segments_*"))
        {
            File.WriteAllBytes(segments, [0x3f, 0xd7]); // a commit cut short
        }

        using var reopened = new LuceneProductIndex(folder.Path, NullLogger<LuceneProductIndex>.Instance);

        Assert.Equal(0, await reopened.CountAsync());
        Assert.Null(await reopened.GetCheckpointAsync());
    }

    [Fact]
    public async Task TheCheckpointIsCommittedWithTheIndexAndSurvivesReopeningIt()
    {
        await (await Index()).SetCheckpointAsync("2026-01-02T03:04:05.6789010Z");
        lucene!.Dispose();
        using var reopened = new LuceneProductIndex(folder.Path, NullLogger<LuceneProductIndex>.Instance);
        Assert.Equal("2026-01-02T03:04:05.6789010Z", await reopened.GetCheckpointAsync());
        Assert.Equal(8, await reopened.CountAsync());
    }

    [Fact]
    public async Task ANewIndexHasNoCheckpoint()
    {
        Assert.Null(await (await Index()).GetCheckpointAsync());
    }

    [Fact]
    public async Task WithARefreshIntervalAChangeBecomesSearchableWithinTwoSeconds()
    {
        using var timed = new LuceneProductIndex(Path.Combine(folder.Path, "timed"), NullLogger<LuceneProductIndex>.Instance, TimeSpan.FromMilliseconds(200));
        var lamp = new ProductSnapshot(Guid.NewGuid(), new ProductDetails("Quartz Lamp", "A lamp", 10m, "Home", null), 1, 0, DateTime.UtcNow, DateTime.UtcNow, false, 1);
        var query = new ProductQuery("quartz", null, null, null, null, ProductSort.Relevance, 0, 20);

        await timed.UpsertAsync([lamp]);

        var found = await Eventually.ReturnsAsync(() => timed.SearchAsync(query), result => result.Total == 1, TimeSpan.FromSeconds(2), "the lamp becoming searchable");
        Assert.Equal("Quartz Lamp", found.Items.Single().Name);
    }

    [Fact]
    public async Task SearchesMadeTogetherAfterAWriteAllSeeIt()
    {
        // Without a refresh interval every search sees every write made before it, also when another search is reopening
        // the index at that moment (the one that starts a reopen is not the only one that must wait for it).
        var index = await Index();
        for (var round = 0; round < 50; round++)
        {
            var category = $"Round {round}";
            await index.UpsertAsync([new ProductSnapshot(Guid.NewGuid(), new ProductDetails("Desk Lamp", "A lamp", 10m, category, null), 1, 0, DateTime.UtcNow, DateTime.UtcNow, false, 1)]);
            var query = new ProductQuery(null, category, null, null, null, ProductSort.Newest, 0, 20);
            using var start = new Barrier(3);
            var searches = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return index.SearchAsync(query);
            })).ToList();

            var totals = (await Task.WhenAll(searches)).Select(result => result.Total).ToList();
            Assert.True(totals.All(total => total == 1), $"round {round}: the searches found {string.Join(", ", totals)}");
        }
    }

    [Theory]
    [InlineData(ProductSort.PriceAsc)]
    [InlineData(ProductSort.PriceDesc)]
    [InlineData(ProductSort.Newest)]
    [InlineData(ProductSort.Name)]
    public async Task EachSortPagesThroughAManySegmentMatchWithTiesInIdOrderAndPriceBoundsIncluded(ProductSort sort)
    {
        var index = await Index();
        var random = new Random(7);
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var products = new List<ProductSnapshot>();
        for (var batch = 0; batch < 4; batch++)
        {
            // Names share long beginnings, prices and dates repeat: most order decisions come down to the later keys.
            var added = Enumerable.Range(0, 60).Select(i => new ProductSnapshot(
                Guid.NewGuid(),
                new ProductDetails($"Everyday Walnut Bookshelf {(char)('a' + random.Next(3))}{random.Next(3)}", "Shelf", 10m + random.Next(6), "Home", null),
                1, 0, start.AddDays(random.Next(5)), start, false, 1)).ToList();
            await index.UpsertAsync(added);
            products.AddRange(added);
            Assert.Equal(8 + products.Count, await index.CountAsync()); // a search between writes: each batch its own segment
        }

        var found = new List<Guid>();
        for (var skip = 0; skip < 240; skip += 20)
        {
            var page = await index.SearchAsync(new ProductQuery("walnut", null, 11m, 14m, null, sort, skip, 20));
            found.AddRange(page.Items.Select(p => p.Id));
        }

        var inRange = products.Where(p => p.Price is >= 11m and <= 14m);
        var sorted = sort switch
        {
            ProductSort.PriceAsc => inRange.OrderBy(p => p.Price),
            ProductSort.PriceDesc => inRange.OrderByDescending(p => p.Price),
            ProductSort.Newest => inRange.OrderByDescending(p => p.CreatedAt),
            _ => inRange.OrderBy(p => p.Name.ToLowerInvariant(), StringComparer.Ordinal),
        };
        Assert.Equal(sorted.ThenBy(p => p.Id.ToString(), StringComparer.Ordinal).Select(p => p.Id), found);
    }

    [Fact]
    public async Task EveryOrderMatchesWhatTheRelevanceOrderMatchesAcrossSegmentsTyposPrefixesAndDeletions()
    {
        var index = await Index();
        string[] texts = ["lamp", "lmp", "wireles headphnes", "blueto", "desk la", "lantrn", "lante", "paper lante"];
        var lanternBefore = await index.SearchAsync(new ProductQuery("lantrn", null, null, null, null, ProductSort.PriceAsc, 0, 20));

        // A later segment brings words the first one lacks: a typo of them must find it in every order.
        var lantern = Lantern("Brass Lantern", "Hanging lamp for the garden", 39m);
        await index.UpsertAsync([lantern, Lantern("Paper Lantern", "Soft light", 12m)]);
        Assert.Equal(10, await index.CountAsync());
        await AssertEveryOrderMatchesTheRelevanceMatch(index, texts);

        await index.DeleteAsync(lantern.Id);
        Assert.Equal(9, await index.CountAsync());
        await AssertEveryOrderMatchesTheRelevanceMatch(index, texts);

        Assert.Equal(0, lanternBefore.Total);
        var paper = await index.SearchAsync(new ProductQuery("lantrn", null, null, null, null, ProductSort.PriceAsc, 0, 20));
        Assert.Equal(["Paper Lantern"], paper.Items.Select(p => p.Name));
    }

    [Fact]
    public async Task AReopenedIndexKnowsTheVersionOfEveryDocumentItHoldsIncludingOnesWrittenBeforeTheVersionColumn()
    {
        var lamp = Product("Quartz Lamp", "Reading lamp", 20m, "Home", 3, 1);
        var chair = Product("Quartz Chair", "Reading chair", 90m, "Home", 3, 2);
        var path = Path.Combine(folder.Path, "versions");
        using (var first = new LuceneProductIndex(path, NullLogger<LuceneProductIndex>.Instance))
        {
            await first.UpsertAsync([lamp with { Version = 5 }]);
            await first.UpsertAsync([chair with { Version = 9 }, lamp with { Version = 4 }]); // the lamp's is old
        }

        // The layout of an older release: the version stored, no version column.
        var legacy = Product("Quartz Shelf", "Reading shelf", 40m, "Home", 3, 3) with { Version = 7 };
        using (var directory = global::Lucene.Net.Store.FSDirectory.Open(path))
        using (var writer = new global::Lucene.Net.Index.IndexWriter(directory, new global::Lucene.Net.Index.IndexWriterConfig(
            global::Lucene.Net.Util.LuceneVersion.LUCENE_48, new global::Lucene.Net.Analysis.Core.KeywordAnalyzer())))
        {
            writer.AddDocument(
            [
                new global::Lucene.Net.Documents.StringField("id", legacy.Id.ToString(), global::Lucene.Net.Documents.Field.Store.YES),
                new global::Lucene.Net.Documents.StoredField("version", legacy.Version),
                new global::Lucene.Net.Documents.StoredField("json", System.Text.Json.JsonSerializer.Serialize(legacy)),
            ]);
            writer.Commit();
        }

        using var reopened = new LuceneProductIndex(path, NullLogger<LuceneProductIndex>.Instance);
        await reopened.UpsertAsync([lamp with { Version = 3 }, chair with { Version = 8 }, legacy with { Version = 6 }]);
        Assert.Equal(new Dictionary<Guid, long> { [lamp.Id] = 5, [chair.Id] = 9, [legacy.Id] = 7 }, await reopened.VersionsAsync());

        await reopened.UpsertAsync([lamp with { Version = 6 }, legacy with { Version = 8 }]);
        Assert.Equal(new Dictionary<Guid, long> { [lamp.Id] = 6, [chair.Id] = 9, [legacy.Id] = 8 }, await reopened.VersionsAsync());
    }

    [Fact]
    public async Task VersionsASearcherShowsAreNoLongerRememberedBesideItAndOlderVersionsStillLoseAfterwards()
    {
        // An import writes each product once. The index remembers a written version only until a searcher shows it and
        // reads it from the index after that, instead of keeping a table of every product it ever wrote.
        using var index = new LuceneProductIndex(Path.Combine(folder.Path, "import"), NullLogger<LuceneProductIndex>.Instance);
        var imported = Enumerable.Range(0, 5_000).Select(i => Product($"Quartz Lamp {i}", "Reading lamp", 20m, "Home", 3, i) with { Version = 2 }).ToList();
        var written = 0;
        foreach (var batch in imported.Chunk(100))
        {
            await index.UpsertAsync(batch);
            written += batch.Length;
            Assert.Equal(written, await index.CountAsync()); // a reopen that shows the batch
        }

        Assert.True(index.RememberedVersions < imported.Count / 4, $"{index.RememberedVersions} of {imported.Count} written versions are still remembered");

        var (first, second) = (imported[0], imported[1]);
        await index.UpsertAsync([first with { Version = 1 }, second with { Version = 3 }, first with { Version = 1 }]);
        var versions = await index.VersionsAsync();
        Assert.Equal(2, versions[first.Id]);
        Assert.Equal(3, versions[second.Id]);
        Assert.Equal(imported.Count, versions.Count);
    }

    [Fact]
    public async Task ASearchByRelevanceRepeatedOnTheSameIndexGivesLucenesOwnAnswerAcrossSegmentsFiltersPagesAndDeletions()
    {
        // The second search by relevance of a text on an unchanged index is answered from the text's match ranked then;
        // each search below first changes the index (a new reader), so its first run is Lucene's own scoring, the reference.
        var index = await Index();
        var random = new Random(11);
        string[] words = ["Walnut", "Lamp", "Chair", "Shelf", "Garden"];
        var products = new List<ProductSnapshot>();
        for (var batch = 0; batch < 3; batch++)
        {
            // Names and descriptions mix the words (several per product), so scores differ and tie.
            var added = Enumerable.Range(0, 40).Select(i => Product(
                $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]} {i}",
                $"{words[random.Next(words.Length)]} for the {words[random.Next(words.Length)].ToLowerInvariant()}",
                5m + random.Next(40), random.Next(2) == 0 ? "Home" : "Garden", random.Next(3), batch)).ToList();
            await index.UpsertAsync(added);
            products.AddRange(added);
            Assert.Equal(8 + products.Count, await index.CountAsync()); // each batch its own segment
        }

        await index.DeleteAsync(products[3].Id);
        await index.DeleteAsync(products[45].Id);
        var queries =
            from text in new[] { "walnut", "lamp", "chai", "walnt", "shelf garden", "lamp chair", "oak walnut" }
            from category in new string?[] { null, "Garden" }
            from inStock in new bool?[] { null, true }
            from range in new (decimal? Min, decimal? Max)[] { (null, null), (12m, 30m) }
            from skip in new[] { 0, 20 }
            select new ProductQuery(text, category, range.Min, range.Max, inStock, ProductSort.Relevance, skip, 20);
        var compared = 0;
        foreach (var query in queries)
        {
            var changed = products[compared % products.Count];
            await index.UpsertAsync([changed with { Version = changed.Version + 1 + compared }]);
            var lucenes = await index.SearchAsync(query);
            var repeated = await index.SearchAsync(query);

            Assert.Equal(lucenes.Total, repeated.Total);
            Assert.Equal(lucenes.Items.Select(p => p.Id), repeated.Items.Select(p => p.Id));
            Assert.Equal(lucenes.Facets.Categories, repeated.Facets.Categories);
            Assert.Equal(lucenes.Facets.PriceRanges, repeated.Facets.PriceRanges);
            compared += lucenes.Total > 0 ? 1 : 0;
        }

        Assert.True(compared > 60, $"only {compared} of the searches found anything");
    }

    [Fact]
    public async Task ARareWordWithFiltersFindsExactlyItsProductsInALargeSegment()
    {
        // A word in 5 of 400 products is cached as those documents' numbers, a category of half of them as a bit set:
        // the answer must be the same as a plain scan of the catalog, for every sort and with deletions.
        var index = await Index();
        var products = Enumerable.Range(0, 400).Select(i => Product(
            i % 80 == 3 ? $"Teak Stool {i}" : $"Pine Stool {i}", "A stool for the kitchen", 10m + (i % 50),
            i % 2 == 0 ? "Home" : "Garden", i % 3, i)).ToList();
        await index.UpsertAsync(products);
        await index.DeleteAsync(products[163].Id);
        var live = products.Where(p => p.Id != products[163].Id).ToList();

        foreach (var sort in Enum.GetValues<ProductSort>())
        {
            foreach (var (category, inStock) in new (string?, bool?)[] { (null, null), ("Garden", null), ("Garden", true), ("Home", false) })
            {
                var found = await index.SearchAsync(new ProductQuery("teak", category, null, null, inStock, sort, 0, 20));
                var expected = live.Where(p => p.Name.StartsWith("Teak", StringComparison.Ordinal)
                    && (category is null || p.Category == category) && (inStock is null || (p.Available > 0) == inStock)).ToList();
                Assert.Equal(expected.Select(p => p.Id).Order(), found.Items.Select(p => p.Id).Order());
                Assert.Equal(expected.Count, found.Total);
            }
        }

        Assert.Equal(4, (await index.SearchAsync(new ProductQuery("teak", null, null, null, null, ProductSort.Name, 0, 20))).Total);
    }

    private static ProductSnapshot Lantern(string name, string description, decimal price) =>
        new(Guid.NewGuid(), new ProductDetails(name, description, price, "Home", null), 3, 0, DateTime.UtcNow, DateTime.UtcNow, false, 1);

    private static async Task AssertEveryOrderMatchesTheRelevanceMatch(IProductSearchIndex index, string[] texts)
    {
        foreach (var text in texts)
        {
            var found = 0;
            foreach (var category in new string?[] { null, "Home" })
            {
                var byRelevance = await index.SearchAsync(new ProductQuery(text, category, null, null, null, ProductSort.Relevance, 0, 50));
                found += byRelevance.Total;
                foreach (var sort in new[] { ProductSort.PriceAsc, ProductSort.PriceDesc, ProductSort.Newest, ProductSort.Name })
                {
                    var other = await index.SearchAsync(new ProductQuery(text, category, null, null, null, sort, 0, 50));
                    Assert.Equal(byRelevance.Total, other.Total);
                    Assert.Equal(byRelevance.Items.Select(p => p.Id).Order(), other.Items.Select(p => p.Id).Order());
                    Assert.Equal(byRelevance.Facets.Categories.OrderBy(c => c.Value), other.Facets.Categories.OrderBy(c => c.Value));
                    Assert.Equal(byRelevance.Facets.PriceRanges, other.Facets.PriceRanges);
                }
            }

            Assert.True(found > 0, $"'{text}' found nothing");
        }
    }

    protected override Task<IProductSearchIndex> CreateIndexAsync() =>
        Task.FromResult<IProductSearchIndex>(lucene = new LuceneProductIndex(folder.Path, NullLogger<LuceneProductIndex>.Instance));

    protected override Task DisposeIndexAsync()
    {
        lucene?.Dispose();
        folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// The behaviour every search adapter must have. Each adapter's test class supplies the index; the suite fills it
/// with the same small catalog and checks typos, accents, filters, sorts, facets, paging and deletions.
/// </summary>
public abstract class SearchBehaviourTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private IProductSearchIndex? index;
    private readonly List<ProductSnapshot> catalog =
    [
        Product("Wireless Headphones", "Noise cancelling over-ear headphones", 149.99m, "Audio", 5, 1),
        Product("Wired Earbuds", "Small in-ear buds with cable", 19.50m, "Audio", 0, 2),
        Product("Bluetooth Speaker", "Portable speaker, waterproof", 59m, "Audio", 12, 3),
        Product("Café Espresso Beans", "Dark roast coffee beans", 12.40m, "Grocery", 40, 4),
        Product("Green Tea", "Loose leaf sencha", 8m, "Grocery", 3, 5),
        Product("Desk Lamp", "LED lamp with dimmer", 35m, "Home", 7, 6),
        Product("Oak Chair", "Solid oak dining chair", 249.99m, "Home", 2, 7),
        Product("Standing Desk", "Electric height adjustable desk", 499m, "Home", 0, 8),
    ];

    protected abstract Task<IProductSearchIndex> CreateIndexAsync();

    protected abstract Task DisposeIndexAsync();

    /// <summary>The filled index; adapters that cannot run here skip inside <see cref="CreateIndexAsync"/>.</summary>
    protected async Task<IProductSearchIndex> Index()
    {
        if (index is null)
        {
            index = await CreateIndexAsync();
            await (await Index()).UpsertAsync(catalog);
        }

        return index;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => DisposeIndexAsync();

    [SkippableFact]
    public async Task ClearingEmptiesTheIndexAndForgetsItsCheckpointYetTheSameVersionsIndexAgain()
    {
        var index = await Index();
        await index.SetCheckpointAsync("2026-01-02T03:04:05.0000000Z");

        await index.ClearAsync();

        Assert.Equal(0, await index.CountAsync());
        Assert.Null(await index.GetCheckpointAsync());
        await index.UpsertAsync(catalog);
        Assert.Equal(catalog.Count, await index.CountAsync());
    }

    [SkippableFact]
    public async Task VersionsListEveryProductTheIndexHoldsAtItsNewestVersion()
    {
        var index = await Index();
        var (changed, deleted) = (catalog[0], catalog[1]);

        await index.UpsertAsync([changed with { Version = changed.Version + 5 }, deleted with { Deleted = true, Version = deleted.Version + 1 }]);

        var versions = await index.VersionsAsync();
        Assert.Equal(catalog.Count - 1, versions.Count);
        Assert.Equal(changed.Version + 5, versions[changed.Id]);
        Assert.False(versions.ContainsKey(deleted.Id));
        Assert.Equal(catalog[2].Version, versions[catalog[2].Id]);
    }

    [SkippableTheory]
    [InlineData("wireles headphnes", "Wireless Headphones")]
    [InlineData("headphones", "Wireless Headphones")]
    [InlineData("cafe", "Café Espresso Beans")]
    [InlineData("CAFÉ espresso", "Café Espresso Beans")]
    [InlineData("blueto", "Bluetooth Speaker")]
    [InlineData("oak", "Oak Chair")]
    [InlineData("cafe espreso", "Café Espresso Beans")]
    [InlineData("desk lmp", "Desk Lamp")]
    public async Task TextFindsTheProductDespiteTyposAccentsCaseAndUnfinishedWords(string text, string expected)
    {
        var result = await SearchAsync(text: text, sort: ProductSort.Relevance);
        Assert.Equal(expected, result.Items.First().Name);
    }

    [SkippableFact]
    public async Task NameMatchesRankAboveDescriptionMatches()
    {
        await (await Index()).UpsertAsync([Product("Lamp Shade", "Fabric", 10m, "Home", 1, 20), Product("Table", "Comes with a lamp", 10m, "Home", 1, 21)]);
        var result = await SearchAsync(text: "lamp", sort: ProductSort.Relevance);
        Assert.DoesNotContain("Table", result.Items.Take(2).Select(p => p.Name));
    }

    [SkippableFact]
    public async Task FiltersNarrowTheMatchAndCanBeCombined()
    {
        Assert.Equal(["Bluetooth Speaker", "Wired Earbuds", "Wireless Headphones"], Names(await SearchAsync(category: "audio", sort: ProductSort.Name)));
        Assert.Equal(["Bluetooth Speaker", "Wireless Headphones"], Names(await SearchAsync(category: "Audio", inStock: true, sort: ProductSort.Name)));
        Assert.Equal(["Desk Lamp", "Bluetooth Speaker"], Names(await SearchAsync(min: 35m, max: 59m, sort: ProductSort.PriceAsc)));
        Assert.Equal(["Standing Desk", "Wired Earbuds"], Names(await SearchAsync(inStock: false, sort: ProductSort.Name)));
    }

    [SkippableFact]
    public async Task EachSortOrdersTheWholeMatch()
    {
        Assert.Equal(catalog.OrderBy(p => p.Price).Select(p => p.Name), Names(await SearchAsync(sort: ProductSort.PriceAsc)));
        Assert.Equal(catalog.OrderByDescending(p => p.Price).Select(p => p.Name), Names(await SearchAsync(sort: ProductSort.PriceDesc)));
        Assert.Equal(catalog.OrderByDescending(p => p.CreatedAt).Select(p => p.Name), Names(await SearchAsync(sort: ProductSort.Newest)));
        Assert.Equal(catalog.OrderBy(p => p.Name.ToLowerInvariant(), StringComparer.Ordinal).Select(p => p.Name), Names(await SearchAsync(sort: ProductSort.Name)));
    }

    [SkippableTheory]
    [InlineData(null, null)]
    [InlineData("desk", null)]
    [InlineData(null, true)]
    public async Task FacetsCountTheWholeMatchExactly(string? text, bool? inStock)
    {
        var result = await SearchAsync(text: text, inStock: inStock, take: 1);
        var matching = catalog.Where(p => (inStock is null || p.InStock == inStock)
            && (text is null || (p.Name + " " + p.Description).Contains(text, StringComparison.OrdinalIgnoreCase))).ToList();

        Assert.Equal(matching.Count, result.Total);
        Assert.Equal(
            matching.GroupBy(p => p.Category).Select(g => (g.Key, g.Count())).OrderBy(c => c.Key),
            result.Facets.Categories.Select(c => (c.Value, c.Count)).OrderBy(c => c.Value));
        for (var i = 0; i < PriceBuckets.All.Count; i++)
        {
            Assert.Equal(matching.Count(p => PriceBuckets.IndexOf(p.Price) == i), result.Facets.PriceRanges[i].Count);
        }
    }

    [SkippableFact]
    public async Task PagesCoverTheMatchWithoutOverlapAndReportTheTotal()
    {
        var pages = new List<string>();
        for (var skip = 0; skip < 8; skip += 3)
        {
            var page = await SearchAsync(sort: ProductSort.Name, skip: skip, take: 3);
            Assert.Equal(8, page.Total);
            pages.AddRange(Names(page));
        }

        Assert.Equal(catalog.Select(p => p.Name).Order(StringComparer.OrdinalIgnoreCase), pages);
    }

    [SkippableFact]
    public async Task DeletedProductsVanishAndOlderVersionsNeverOverwriteNewerOnes()
    {
        var lamp = catalog.Single(p => p.Name == "Desk Lamp");
        await (await Index()).UpsertAsync([lamp with { Details = lamp.Details with { Name = "Desk Lamp Pro" }, Version = lamp.Version + 1 }]);
        await (await Index()).UpsertAsync([lamp]);
        Assert.Equal(["Desk Lamp Pro"], Names(await SearchAsync(text: "desk lamp", sort: ProductSort.Name)).Where(n => n.Contains("Lamp")));

        await (await Index()).DeleteAsync(lamp.Id);
        Assert.DoesNotContain("Desk Lamp Pro", Names(await SearchAsync(take: 100)));
        Assert.Equal(7, await (await Index()).CountAsync());
    }

    [SkippableFact]
    public async Task APageReachingPastTheResultWindowIsRefusedAndOneInsideItFindsNothingBeyondTheMatch()
    {
        await Assert.ThrowsAsync<ValidationException>(() => SearchAsync(text: "a", skip: PagingLimits.MaxResultWindow - 10, take: 20));

        var lastPage = await SearchAsync(skip: PagingLimits.MaxResultWindow - 100, take: 100);

        Assert.Empty(lastPage.Items);
        Assert.Equal(8, lastPage.Total);
    }

    [SkippableFact]
    public async Task CategoriesListEveryCategoryWithItsCount()
    {
        var categories = await (await Index()).CategoriesAsync();
        Assert.Equal([("Audio", 3), ("Grocery", 2), ("Home", 3)], categories.Select(c => (c.Value, c.Count)));
    }

    private async Task<ProductSearchResult> SearchAsync(
        string? text = null, string? category = null, decimal? min = null, decimal? max = null, bool? inStock = null,
        ProductSort sort = ProductSort.Newest, int skip = 0, int take = 20) =>
        await (await Index()).SearchAsync(new ProductQuery(text, category, min, max, inStock, sort, skip, take));

    private static List<string> Names(ProductSearchResult result) => result.Items.Select(p => p.Name).ToList();

    protected static ProductSnapshot Product(string name, string description, decimal price, string category, int stock, int day) =>
        new(Guid.NewGuid(), new ProductDetails(name, description, price, category, null), stock, 0, Start.AddDays(day), Start.AddDays(day), false, 1);
}
