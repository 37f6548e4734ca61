using System.Diagnostics;
using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.Search.Lucene;
using MarketMicro.SearchBench;
using MarketMicro.Seeder;
using Microsoft.Extensions.Logging.Abstractions;

// Indexes N products of the Seeder's catalog (tools/Seeder, the catalog bench/run.sh seeds) into a Lucene index folder
// (the embedded default's adapter), reports the indexing rate, then the latency, CPU time and allocations of the
// searches of bench/search-queries.txt (the mix bench/search.lua sends) run against it in-process.
// CPU time and allocations per search hold still on a machine other work keeps busy; latency does not.
// Usage: dotnet run -c Release --project bench/SearchBench -- [--products 100000] [--path /tmp/marketmicro-bench/search]
//   [--searches 3000] [--reuse] [--writes-per-search 0] [--refresh-ms 0] [--queries bench/search-queries.txt] [--costliest [--all]]
// --reuse searches an index already in the folder instead of building a new one; --writes-per-search changes that many
// products' stock before each measured search (an order's stock changes between searches; with --reuse they are products the
// index does not hold yet, the same writer work as updates); --refresh-ms makes changes
// searchable on a timer instead of at the next search.
// --costliest times each search of the mix alone (50 runs after 20 warm-ups) and lists the 25 that cost the most (--all:
// every one), then stops.
// --write-queries FILE writes the query mix (500 searches drawn from the catalog's words) and stops.
// --dump FILE writes every search's total, facets and page of product ids (each search run twice, the second answer
// written) and stops: two builds that give the same file give the same answers to the whole mix.
// Point a shop at the folder's parent (Storage__DataDirectory) to measure the same searches over HTTP (bench/search.sh).
string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var count = int.TryParse(Value("--products"), out var n) ? n : 100_000;
var searches = int.TryParse(Value("--searches"), out var s) ? s : 3000;
var path = Value("--path") ?? Path.Combine(Path.GetTempPath(), "marketmicro-bench", "search");
var reuse = args.Contains("--reuse") && Directory.Exists(path);
var writesPerSearch = int.TryParse(Value("--writes-per-search"), out var w) ? w : 0;
var refresh = TimeSpan.FromMilliseconds(int.TryParse(Value("--refresh-ms"), out var r) ? r : 0);

var random = new Random(1);
var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
var products = Catalog.Generate(count, seed: 42).Select((seed, i) => new ProductSnapshot(
    NextId(),
    new ProductDetails(seed.Name, seed.Description, seed.Price, seed.Category, null),
    seed.Stock, 0, start.AddMinutes(i), start.AddMinutes(i), false, 1)).ToList();

Guid NextId()
{
    var bytes = new byte[16];
    random.NextBytes(bytes);
    return new Guid(bytes);
}

if (Value("--write-queries") is { } queryFile)
{
    File.WriteAllLines(queryFile, QueryMix.Generate(products, count: 500, seed: 14));
    Console.WriteLine($"wrote 500 searches to {queryFile}");
    return;
}

if (Directory.Exists(path) && !reuse)
{
    Directory.Delete(path, recursive: true);
}

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

var queries = File.ReadAllLines(Value("--queries") ?? "bench/search-queries.txt").Select(QueryMix.Parse).ToArray();

if (Value("--dump") is { } dumpFile)
{
    await using var dump = new StreamWriter(dumpFile);
    foreach (var query in queries)
    {
        // The second answer: what a search gets from the caches its first run filled.
        await index.SearchAsync(query);
        var result = await index.SearchAsync(query);
        await dump.WriteLineAsync($"{query} total={result.Total}");
        await dump.WriteLineAsync("  " + string.Join(' ', result.Facets.Categories.Select(c => $"{c.Value}={c.Count}")) +
            " | " + string.Join(' ', result.Facets.PriceRanges.Select(r => $"{r.From}-{r.To}={r.Count}")));
        await dump.WriteLineAsync("  " + string.Join(' ', result.Items.Select(p => p.Id)));
    }

    Console.WriteLine($"wrote the answers to {queries.Length} searches to {dumpFile}");
    return;
}

if (args.Contains("--costliest"))
{
    // Each search of the mix alone, warmed up, then timed over 50 runs: the 25 that cost the most, with their totals.
    var costs = new List<(double Milliseconds, int Total, ProductQuery Query)>();
    foreach (var query in queries)
    {
        var total = 0;
        for (var i = 0; i < 20; i++)
        {
            total = (await index.SearchAsync(query)).Total;
        }

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 50; i++)
        {
            await index.SearchAsync(query);
        }

        costs.Add((Stopwatch.GetElapsedTime(started).TotalMilliseconds / 50, total, query));
    }

    Console.WriteLine($"the whole mix, each search once: {costs.Sum(c => c.Milliseconds):F1} ms");
    foreach (var (milliseconds, total, query) in costs.OrderByDescending(c => c.Milliseconds).Take(args.Contains("--all") ? int.MaxValue : 25))
    {
        Console.WriteLine($"  {milliseconds,7:F3} ms  {total,6} hits  {query}");
    }

    return;
}

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
foreach (var (kind, group) in new[] { ("with text", queries.Where(q => q.Text is not null)), ("filters only", queries.Where(q => q.Text is null)) })
{
    var runs = group.ToArray();
    var before = Process.GetCurrentProcess().TotalProcessorTime;
    var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
    for (var i = 0; i < searches; i++)
    {
        await index.SearchAsync(runs[i % runs.Length]);
    }

    Console.WriteLine($"  {kind} ({runs.Length} of the mix): CPU {(Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / searches:F3} ms, " +
        $"{(GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / searches / 1024.0:F0} KB per search");
}

latencies.Sort();
Console.WriteLine($"in-process search with filters and facets over {count}, {queries.Length} distinct searches: p50 {latencies[latencies.Count / 2]:F2} ms, " +
    $"p95 {latencies[(int)(latencies.Count * 0.95)]:F2} ms, CPU {cpuPerSearch:F3} ms and {allocatedPerSearch / 1024.0:F0} KB allocated per search" +
    (writesPerSearch > 0 ? $" (with {writesPerSearch} stock changes each)" : ""));
