using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;

namespace MarketMicro.WebApi.Tests.Projections;

/// <summary>The embedded shop in a child process: killed mid-stream, restarted, and rebuilt by the operator command.</summary>
public sealed class ProjectionRecoveryTests
{
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AfterAKillNineMidStreamTheRestartedShopsLedgerEqualsItsOrdersAndItsIndexItsProducts()
    {
        using var data = new TemporaryDirectory();
        var products = new ConcurrentBag<Guid>();
        var orders = new ConcurrentBag<Guid>();
        await using (var doomed = await ShopProcess.StartAsync(data.Path))
        {
            var stocked = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                stocked.Add(await CreateProductAsync(doomed, $"Anvil {i}", stock: 10_000));
            }

            stocked.ForEach(products.Add);
            var writers = new[] { PlaceOrdersAsync(doomed, stocked, orders), ChangeCatalogAsync(doomed, products) };
            await Eventually.HoldsAsync(() => Task.FromResult(orders.Count >= 12), Convergence, "orders being placed");
            doomed.Kill();
            await Task.WhenAll(writers);
        }

        await using var restarted = await ShopProcess.StartAsync(data.Path);
        await Eventually.HoldsAsync(
            async () => await LedgerMatchesOrdersAsync(restarted) && await IndexMatchesProductsAsync(restarted, products),
            Convergence,
            "the ledger matching the orders and the index matching the products after the restart");
        var ledger = await LedgerAsync(restarted);
        Assert.All(orders, id => Assert.Contains(id, ledger.Keys));
    }

    [Fact]
    public async Task TheRebuildCommandRebuildsTheLedgerAndTheIndexOfARunningShop()
    {
        using var data = new TemporaryDirectory();
        await using var shop = await ShopProcess.StartAsync(data.Path);
        var hammer = await CreateProductAsync(shop, "Rebuild Hammer", stock: 5);
        var saw = await CreateProductAsync(shop, "Rebuild Saw", stock: 5);
        var drill = await CreateProductAsync(shop, "Rebuild Drill", stock: 5);
        (await shop.Http.DeleteAsync($"api/v1/admin/products/{drill}")).EnsureSuccessStatusCode();
        var first = await PlaceOrderAsync(shop, hammer);
        await PlaceOrderAsync(shop, saw);
        (await shop.Http.PutAsJsonAsync($"api/v1/orders/{first}/status", new { status = "confirmed" })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => (await LedgerAsync(shop)).Count == 2 && await LedgerMatchesOrdersAsync(shop), Convergence, "the orders reaching the ledger");
        // Damage that no catch-up repairs: the rows keep their versions, so replaying the same versions changes nothing.
        await using (var connection = DatabaseSettings.FromConfiguration(ShopConfiguration.Sqlite(data.Path)).CreateConnection())
        {
            await connection.ExecuteAsync("UPDATE ledger_orders SET status = 'delivered'; UPDATE ledger_order_lines SET status = 'delivered'");
        }

        var ledger = await RebuildAsync("ledger", "--gateway", $"127.0.0.1:{shop.GatewayPort}");
        var search = await RebuildAsync("search", "--gateway", $"127.0.0.1:{shop.GatewayPort}");
        var unknown = await RebuildAsync("orders");

        Assert.True(ledger.ExitCode == 0, ledger.Output);
        Assert.Contains("Rebuilt ledger: 2 applied", ledger.Output);
        Assert.True(await LedgerMatchesOrdersAsync(shop), "the rebuilt ledger differs from the orders");
        Assert.True(search.ExitCode == 0, search.Output);
        Assert.Contains("Rebuilt search: 3 applied", search.Output);
        Assert.True(await IndexMatchesProductsAsync(shop, [hammer, saw, drill]), "the rebuilt index differs from the products");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("usage", unknown.Output);
    }

    private static async Task<Guid> CreateProductAsync(ShopProcess shop, string name, int stock)
    {
        using var response = await shop.Http.PostAsJsonAsync("api/v1/admin/products", new { name, description = "Made to last", price = 9.5m, category = "Tools", stock });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> PlaceOrderAsync(ShopProcess shop, Guid product)
    {
        (await shop.Http.PostAsJsonAsync("api/v1/cart/add", new { productId = product, quantity = 1 })).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await shop.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Places and confirms orders until the shop dies under it; remembers every order answered 201.</summary>
    private static async Task PlaceOrdersAsync(ShopProcess shop, List<Guid> stocked, ConcurrentBag<Guid> placed)
    {
        try
        {
            for (var i = 0; placed.Count < 60; i++)
            {
                var id = await PlaceOrderAsync(shop, stocked[i % stocked.Count]);
                placed.Add(id);
                if (i % 2 == 0)
                {
                    await shop.Http.PutAsJsonAsync($"api/v1/orders/{id}/status", new { status = "confirmed" });
                }
            }
        }
        catch (HttpRequestException)
        {
            // The shop was killed mid-request.
        }
    }

    /// <summary>Creates, renames and deletes products until the shop dies under it; remembers every product answered 201.</summary>
    private static async Task ChangeCatalogAsync(ShopProcess shop, ConcurrentBag<Guid> created)
    {
        try
        {
            for (var i = 0; created.Count < 60; i++)
            {
                var id = await CreateProductAsync(shop, $"Gadget {i}", stock: 5);
                created.Add(id);
                await shop.Http.PutAsJsonAsync($"api/v1/admin/products/{id}", new { name = $"Gadget {i} Mark II", description = "Made to last", price = 11m, category = "Tools", stock = 5 });
                if (i % 3 == 0)
                {
                    await shop.Http.DeleteAsync($"api/v1/admin/products/{id}");
                }
            }
        }
        catch (HttpRequestException)
        {
            // The shop was killed mid-request.
        }
    }

    /// <summary>The ledger (admin order list) holds exactly the admin's orders (read from the order grains), with their statuses.</summary>
    private static async Task<bool> LedgerMatchesOrdersAsync(ShopProcess shop)
    {
        var orders = (await shop.GetJsonAsync("api/v1/orders?pageSize=100")).GetProperty("items").EnumerateArray()
            .ToDictionary(order => order.GetProperty("id").GetGuid(), order => order.GetProperty("status").GetString());
        var ledger = await LedgerAsync(shop);
        return orders.Count == ledger.Count && orders.All(order => ledger.GetValueOrDefault(order.Key) == order.Value);
    }

    private static async Task<Dictionary<Guid, string?>> LedgerAsync(ShopProcess shop) =>
        (await shop.GetJsonAsync("api/v1/admin/orders?pageSize=100")).GetProperty("items").EnumerateArray()
            .ToDictionary(order => order.GetProperty("id").GetGuid(), order => order.GetProperty("status").GetString());

    /// <summary>
    /// Every product the index lists exists with that name and stock, and every known product that exists is listed
    /// (one created just before the kill may be unknown to the test, never to the index).
    /// </summary>
    private static async Task<bool> IndexMatchesProductsAsync(ShopProcess shop, IEnumerable<Guid> known)
    {
        var indexed = (await shop.GetJsonAsync("api/v1/admin/products?pageSize=100")).GetProperty("items").EnumerateArray()
            .ToDictionary(product => product.GetProperty("id").GetGuid(), Describe);
        var live = new Dictionary<Guid, string>();
        foreach (var id in known.Concat(indexed.Keys).Distinct())
        {
            using var response = await shop.Http.GetAsync($"api/v1/products/{id}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                live[id] = Describe(await response.Content.ReadFromJsonAsync<JsonElement>());
            }
        }

        return live.Count == indexed.Count && live.All(product => indexed.GetValueOrDefault(product.Key) == product.Value);
    }

    private static string Describe(JsonElement product) => $"{product.GetProperty("name").GetString()} ({product.GetProperty("stock").GetInt32()})";

    private static async Task<(int ExitCode, string Output)> RebuildAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [ShopProcess.BuildOutput("tools/Rebuild", "MarketMicro.Rebuild.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, await output + await errors);
    }
}
