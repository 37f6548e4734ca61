using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.Seeder;

// Seeds a running shop with a demo catalog over its HTTP API.
// dotnet run --project tools/Seeder -- --products 10000 --url http://127.0.0.1:5000
//   [--admin-email admin@example.com] [--admin-password ...] [--concurrency 8] [--seed 42]
// The admin comes from the shop's Bootstrap__AdminEmail / Bootstrap__AdminPassword. Re-runs add only what is missing.
var options = SeederOptions.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.Url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };

var login = await http.PostAsJsonAsync("api/v1/users/login", new { email = options.AdminEmail, password = options.AdminPassword });
if (login.StatusCode != HttpStatusCode.OK)
{
    Console.Error.WriteLine($"Could not sign in as {options.AdminEmail} ({(int)login.StatusCode}). Start the shop with Bootstrap__AdminEmail and Bootstrap__AdminPassword set.");
    return 1;
}

var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

Console.WriteLine("Reading the existing catalog...");
var existing = await ExistingNamesAsync(http);
var missing = Catalog.Generate(options.Products, options.Seed).Where(p => !existing.Contains(p.Name)).ToList();
Console.WriteLine($"{existing.Count} products already there; creating {missing.Count} of {options.Products}.");

var created = 0;
var failed = 0;
var clock = Stopwatch.StartNew();
using var progress = new Timer(_ => Draw(), null, 0, 200);
await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (product, cancellationToken) =>
{
    var response = await http.PostAsJsonAsync("api/v1/admin/products", new
    {
        name = product.Name,
        description = product.Description,
        price = product.Price,
        category = product.Category,
        stock = product.Stock,
    }, cancellationToken);
    Interlocked.Increment(ref response.IsSuccessStatusCode ? ref created : ref failed);
});
progress.Dispose();
Draw();
Console.WriteLine();
Console.WriteLine($"Done: {created} created, {failed} failed, {existing.Count} kept, in {clock.Elapsed.TotalSeconds:F1} s.");
return failed == 0 ? 0 : 1;

void Draw()
{
    var done = created + failed;
    var total = Math.Max(1, missing.Count);
    const int Width = 40;
    var filled = (int)(Width * (double)done / total);
    var rate = done / Math.Max(0.001, clock.Elapsed.TotalSeconds);
    Console.Write($"\r[{new string('#', filled)}{new string('-', Width - filled)}] {100.0 * done / total,5:F1}% {done}/{missing.Count} {rate,6:F0}/s");
}

static async Task<HashSet<string>> ExistingNamesAsync(HttpClient http)
{
    var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    for (var page = 1; ; page++)
    {
        var body = await http.GetFromJsonAsync<JsonElement>($"api/v1/admin/products?page={page}&pageSize=100&sort=name");
        foreach (var item in body.GetProperty("items").EnumerateArray())
        {
            names.Add(item.GetProperty("name").GetString()!);
        }

        if (page * 100 >= body.GetProperty("total").GetInt32())
        {
            return names;
        }
    }
}

internal sealed record SeederOptions(int Products, string Url, string AdminEmail, string AdminPassword, int Concurrency, int Seed)
{
    public static SeederOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new SeederOptions(
            int.TryParse(Value("--products"), out var products) ? products : 1000,
            Value("--url") ?? "http://127.0.0.1:5000",
            Value("--admin-email") ?? Environment.GetEnvironmentVariable("Bootstrap__AdminEmail") ?? "admin@example.com",
            Value("--admin-password") ?? Environment.GetEnvironmentVariable("Bootstrap__AdminPassword") ?? "change-me-now-please",
            int.TryParse(Value("--concurrency"), out var concurrency) ? concurrency : 8,
            int.TryParse(Value("--seed"), out var seed) ? seed : 42);
    }
}
