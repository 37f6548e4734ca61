using System.Diagnostics;
using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.Search.Lucene;
using Microsoft.Extensions.Logging.Abstractions;

// Indexes N generated products into a Lucene index folder (the embedded default's adapter), reports the indexing
// rate, then the latency, CPU time and allocations of searches with filters and facets run against it in-process.
// CPU time and allocations per search hold still on a machine other work keeps busy; latency does not.
// Usage: dotnet run -c Release --project bench/SearchBench -- [--products 100000] [--path /tmp/marketmicro-bench/search]
//   [--searches 3000] [--reuse] [--writes-per-search 0] [--refresh-ms 0]
// --reuse searches an index already in the folder instead of building a new one; --writes-per-search changes that many
// products' stock before each measured search (an order's stock changes between searches; with --reuse they are products the
// index does not hold yet, the same writer work as updates); --refresh-ms makes changes
// searchable on a timer instead of at the next search.
// Point a shop at the folder's parent (Storage__DataDirectory) to measure the same searches over HTTP (bench/search.sh).
string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var count = int.TryParse(Value("--products"), out var n) ? n : 100_000;
var searches = int.TryParse(Value("--searches"), out var s) ? s : 3000;
var path = Value("--path") ?? Path.Combine(Path.GetTempPath(), "marketmicro-bench", "search");
var reuse = args.Contains("--reuse") && Directory.Exists(path);
var writesPerSearch = int.TryParse(Value("--writes-per-search"), out var w) ? w : 0;
var refresh = TimeSpan.FromMilliseconds(int.TryParse(Value("--refresh-ms"), out var r) ? r : 0);
if (Directory.Exists(path) && !reuse)
{
    Directory.Delete(path, recursive: true);
}

string[] categories = ["Audio", "Computers", "Home", "Kitchen", "Outdoor", "Grocery", "Fitness", "Books"];
string[] qualities = ["Classic", "Compact", "Deluxe", "Eco", "Everyday", "Nordic", "Pro", "Smart", "Vintage", "Wireless", "Café", "Urban"];
string[] nouns = ["Headphones", "Speaker", "Keyboard", "Lamp", "Kettle", "Tent", "Backpack", "Coffee", "Yoga Mat", "Cookbook", "Chair", "Monitor"];
var random = new Random(1);
var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
var products = Enumerable.Range(0, count).Select(i => new ProductSnapshot(
    Guid.NewGuid(),
    new ProductDetails(
        $"{qualities[random.Next(qualities.Length)]} {nouns[random.Next(nouns.Length)]} {i}",
        $"A {nouns[random.Next(nouns.Length)].ToLowerInvariant()} for everyday use, model {i}",
        decimal.Round(1 + (decimal)random.NextDouble() * 499, 2),
        categories[random.Next(categories.Length)],
        null),
    random.Next(10) == 0 ? 0 : random.Next(1, 200), 0, start.AddMinutes(i), start.AddMinutes(i), false, 1)).ToList();

using var index = new LuceneProductIndex(path, NullLogger<LuceneProductIndex>.Instance, refresh);
if (!reuse)
{
    var clock = Stopwatch.StartNew();
    foreach (var batch in products.Chunk(1000))
    {
        await index.UpsertAsync(batch);
    }

    clock.Stop();
    Console.WriteLine($"indexed {count} products in {clock.Elapsed.TotalSeconds:F1} s: {count / clock.Elapsed.TotalSeconds:F0} products/s");
}

ProductQuery[] queries =
[
    new("wireles headphnes", null, null, null, null, ProductSort.Relevance, 0, 20),
    new("lamp", "Home", 10m, 200m, true, ProductSort.PriceAsc, 0, 20),
    new(null, "Kitchen", null, null, true, ProductSort.Newest, 40, 20),
    new("cafe kettle", null, null, 300m, null, ProductSort.Relevance, 0, 20),
    new(null, null, 50m, 100m, null, ProductSort.Name, 0, 20),
];
// Warm-up: tiered compilation reaches the optimized code of the search path only after many calls.
for (var i = 0; i < searches; i++)
{
    await index.SearchAsync(queries[i % queries.Length]);
}

var stockChanges = 0;
async Task ChangeStockAsync()
{
    for (var i = 0; i < writesPerSearch; i++)
    {
        var product = products[random.Next(products.Count)];
        await index.UpsertAsync([product with { Reserved = random.Next(product.OnHand + 1), Version = product.Version + 1 + stockChanges++ }]);
    }
}

var latencies = new List<double>();
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var allocated = GC.GetTotalAllocatedBytes(precise: true);
for (var i = 0; i < searches; i++)
{
    await ChangeStockAsync();
    var started = Stopwatch.GetTimestamp();
    await index.SearchAsync(queries[i % queries.Length]);
    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

var cpuPerSearch = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / searches;
var allocatedPerSearch = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / searches;
foreach (var query in queries)
{
    var before = Process.GetCurrentProcess().TotalProcessorTime;
    var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
    for (var i = 0; i < searches / queries.Length; i++)
    {
        await index.SearchAsync(query);
    }

    var runs = searches / queries.Length;
    Console.WriteLine($"  CPU {(Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / runs:F3} ms, " +
        $"{(GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / runs / 1024.0:F0} KB per search: {query}");
}

latencies.Sort();
Console.WriteLine($"in-process search with filters and facets over {count}: p50 {latencies[latencies.Count / 2]:F2} ms, " +
    $"p95 {latencies[(int)(latencies.Count * 0.95)]:F2} ms, CPU {cpuPerSearch:F3} ms and {allocatedPerSearch / 1024.0:F0} KB allocated per search" +
    (writesPerSearch > 0 ? $" (with {writesPerSearch} stock changes each)" : ""));
