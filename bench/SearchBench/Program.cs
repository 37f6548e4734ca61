using System.Diagnostics;
using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.Search.Lucene;
using Microsoft.Extensions.Logging.Abstractions;

// Indexes N generated products into a Lucene index folder (the embedded default's adapter), reports the indexing
// rate, then the latency of searches with filters and facets run against it in-process.
// Usage: dotnet run -c Release --project bench/SearchBench -- [--products 100000] [--path /tmp/marketmicro-bench/search]
// Point a shop at the folder's parent (Storage__DataDirectory) to measure the same searches over HTTP (bench/search.sh).
string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var count = int.TryParse(Value("--products"), out var n) ? n : 100_000;
var path = Value("--path") ?? Path.Combine(Path.GetTempPath(), "marketmicro-bench", "search");
if (Directory.Exists(path))
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

using var index = new LuceneProductIndex(path, NullLogger<LuceneProductIndex>.Instance);
var clock = Stopwatch.StartNew();
foreach (var batch in products.Chunk(1000))
{
    await index.UpsertAsync(batch);
}

clock.Stop();
Console.WriteLine($"indexed {count} products in {clock.Elapsed.TotalSeconds:F1} s: {count / clock.Elapsed.TotalSeconds:F0} products/s");

ProductQuery[] queries =
[
    new("wireles headphnes", null, null, null, null, ProductSort.Relevance, 0, 20),
    new("lamp", "Home", 10m, 200m, true, ProductSort.PriceAsc, 0, 20),
    new(null, "Kitchen", null, null, true, ProductSort.Newest, 40, 20),
    new("cafe kettle", null, null, 300m, null, ProductSort.Relevance, 0, 20),
    new(null, null, 50m, 100m, null, ProductSort.Name, 0, 20),
];
foreach (var query in queries)
{
    await index.SearchAsync(query);
}

var latencies = new List<double>();
for (var i = 0; i < 500; i++)
{
    var started = Stopwatch.GetTimestamp();
    await index.SearchAsync(queries[i % queries.Length]);
    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

latencies.Sort();
Console.WriteLine($"in-process search with filters and facets over {count}: p50 {latencies[latencies.Count / 2]:F1} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F1} ms");
