using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.TestSupport;
using Xunit.Abstractions;

namespace MarketMicro.Cluster.Tests;

/// <summary>The shop as users run it: two silos, two frontends and NGINX, real processes, real failures.</summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheShoppingFlowWorksThroughNginxAndSearchAnswersTheSameOnEveryFrontend()
    {
        var admin = await LocalCluster.AdminAsync();
        var name = $"Basalt{Guid.NewGuid():N}"[..16];
        var id = await LocalCluster.CreateProductAsync(admin, $"{name} Mortar", stock: 4, price: 24m);

        // Within the contract's 2 s, whichever frontend (and so silo) answers: same total, same hit, same facets.
        foreach (var frontend in LocalCluster.Frontends.Append(LocalCluster.Gateway))
        {
            await Eventually.HoldsAsync(
                async () => (await LocalCluster.Client(frontend).GetFromJsonAsync<JsonElement>($"/api/v1/products?q={name}")).GetProperty("total").GetInt32() == 1,
                TimeSpan.FromSeconds(2),
                $"the new product in search through {frontend}");
        }

        var answers = await Task.WhenAll(LocalCluster.Frontends.Select(frontend =>
            LocalCluster.Client(frontend).GetStringAsync($"/api/v1/products?q={name[..^1]}&category=Cluster&sort=price_asc")));
        Assert.Equal(answers[0], answers[1]);

        var customer = await LocalCluster.NewCustomerAsync();
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = id, quantity = 2 })).StatusCode);
        var placed = await customer.PostAsync("/api/v1/orders", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var confirmed = await admin.PutAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "confirmed" });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        await Eventually.HoldsAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}")).GetProperty("stock").GetInt32() == 2
                && (await LocalCluster.Client(LocalCluster.Frontends[1]).GetFromJsonAsync<JsonElement>($"/api/v1/products?q={name}"))
                    .GetProperty("items")[0].GetProperty("stock").GetInt32() == 2,
            TimeSpan.FromSeconds(2),
            "the sale showing in the product and in search");
    }

    [Fact]
    public async Task TwoHundredBuyersForFiftyUnitsAcrossBothSilosMakeExactlyFiftyOrders()
    {
        var admin = await LocalCluster.AdminAsync();
        var id = await LocalCluster.CreateProductAsync(admin, $"Scarce {Guid.NewGuid():N}"[..18], stock: 50);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => LocalCluster.NewCustomerAsync(LocalCluster.Frontends[i % 2])));

        var answers = await Task.WhenAll(buyers.Select(async buyer =>
        {
            var added = await buyer.PostAsJsonAsync("/api/v1/cart/add", new { productId = id, quantity = 1 });
            return added.IsSuccessStatusCode ? (await buyer.PostAsync("/api/v1/orders", JsonContent.Create(new { }))).StatusCode : added.StatusCode;
        }));

        Assert.Equal(50, answers.Count(status => status == HttpStatusCode.Created));
        Assert.All(answers, status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}")).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task KillingASiloDuringCheckoutsLosesNoOrderThatWasAcceptedAndTheClusterKeepsServing()
    {
        var admin = await LocalCluster.AdminAsync();
        var product = await LocalCluster.CreateProductAsync(admin, $"Sturdy {Guid.NewGuid():N}"[..18], stock: 10_000);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => LocalCluster.NewCustomerAsync()));
        var accepted = new ConcurrentBag<(HttpClient Buyer, string OrderId, DateTime At)>();
        var failed = 0;
        var lastFailure = DateTime.MinValue.Ticks;
        var notKilled = DateTime.MaxValue.AddMinutes(-1);
        var killedAt = notKilled;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var failures = new ConcurrentDictionary<string, int>();
        async Task FailedAsync(string why)
        {
            failures.AddOrUpdate(why, 1, (_, count) => count + 1);
            Interlocked.Increment(ref failed);
            Interlocked.Exchange(ref lastFailure, DateTime.UtcNow.Ticks);
            await Task.Delay(250);
        }

        // Checkouts keep coming before, during and for 40 s after the kill of silo2, failures retried after a pause.
        await Task.WhenAll(buyers.Select(async buyer =>
        {
            while ((killedAt == notKilled || DateTime.UtcNow < killedAt.AddSeconds(40)) && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                try
                {
                    await buyer.PostAsJsonAsync("/api/v1/cart/add", new { productId = product, quantity = 1 });
                    var placed = await buyer.PostAsync("/api/v1/orders", JsonContent.Create(new { }));
                    if (placed.StatusCode == HttpStatusCode.Created)
                    {
                        accepted.Add((buyer, (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, DateTime.UtcNow));
                    }
                    else
                    {
                        await FailedAsync($"{(int)placed.StatusCode} {(await placed.Content.ReadAsStringAsync())[..Math.Min(120, (int)(placed.Content.Headers.ContentLength ?? 120))]}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    await FailedAsync(ex.GetType().Name);
                }

                if (killedAt == notKilled && accepted.Count >= 20)
                {
                    killedAt = DateTime.UtcNow;
                    LocalCluster.Kill("silo2", hard: true);
                }
            }
        }));
        var afterFailover = accepted.Count(order => order.At > killedAt.AddSeconds(20));
        // The failover lasts from the kill to the last failed checkout (none failing: no visible failover at all).
        var failover = new DateTime(Interlocked.Read(ref lastFailure)) > killedAt ? new DateTime(lastFailure) - killedAt : TimeSpan.Zero;
        var firstAfterKill = accepted.Where(order => order.At > killedAt).Select(order => order.At - killedAt).DefaultIfEmpty().Min();
        output.WriteLine($"{accepted.Count} orders accepted (201), {afterFailover} of them 20 s or more after the kill, the first " +
            $"{firstAfterKill.TotalSeconds:F1} s after it; {failed} requests failed around the failover; failover: " +
            $"{failover.TotalSeconds:F1} s from the kill to the last failed request");
        foreach (var (why, count) in failures.OrderByDescending(f => f.Value))
        {
            output.WriteLine($"  {count} x {why}");
        }

        try
        {
            Assert.True(killedAt != notKilled, "the load ended before the silo could be killed");
            Assert.True(afterFailover > 0, "the cluster did not serve checkouts again after losing a silo");
            foreach (var (buyer, orderId, _) in accepted)
            {
                await Eventually.HoldsAsync(
                    async () => (await buyer.GetAsync($"/api/v1/orders/{orderId}")).StatusCode == HttpStatusCode.OK,
                    TimeSpan.FromSeconds(60),
                    $"order {orderId} being readable after the failover");
            }

            // Checkouts whose request failed in the failover are finished or released by their recovery reminders
            // (period: one minute) once the surviving silo owns them; then the auditor must find every invariant whole:
            // no order still placing, every product's units received = on hand + units of the orders that exist.
            await LocalCluster.AuditUntilCleanAsync(output, TimeSpan.FromMinutes(4));
        }
        finally
        {
            await LocalCluster.RestoreAsync();
        }
    }

    [Fact]
    public async Task WithOneFrontendStoppedNginxRoutesAroundItAndNoIdempotentRequestFails()
    {
        var anonymous = LocalCluster.Client();
        try
        {
            LocalCluster.Kill("api2", hard: false);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 100; i++)
            {
                statuses.Add((await anonymous.GetAsync("/api/v1/products?pageSize=5")).StatusCode);
            }

            Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        }
        finally
        {
            await LocalCluster.RestoreAsync();
        }
    }

    [Fact]
    public async Task ABrokerRestartDuringCheckoutsLosesNoEvent()
    {
        var admin = await LocalCluster.AdminAsync();
        var name = $"Pumice{Guid.NewGuid():N}"[..16];
        var product = await LocalCluster.CreateProductAsync(admin, name, stock: 1_000);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => LocalCluster.NewCustomerAsync()));
        var placed = 0;

        async Task BuyAsync(int rounds)
        {
            await Task.WhenAll(buyers.Select(async buyer =>
            {
                for (var round = 0; round < rounds; round++)
                {
                    await buyer.PostAsJsonAsync("/api/v1/cart/add", new { productId = product, quantity = 1 });
                    if ((await buyer.PostAsync("/api/v1/orders", JsonContent.Create(new { }))).StatusCode == HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref placed);
                    }
                }
            }));
        }

        await BuyAsync(2);
        await TestBroker.DuringOutageAsync(() => BuyAsync(1));
        await BuyAsync(2);
        output.WriteLine($"{placed} orders placed around a broker restart");

        // Every placed order reaches the ledger (through the broker once it is back, or the catch-up pass).
        await Eventually.HoldsAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/orders?q={name}")).GetProperty("total").GetInt32() == placed,
            TimeSpan.FromSeconds(90),
            $"all {placed} orders reaching the ledger");

        // The search index hears the product's sales on the product's bucket queue, whose consumer may resume after the
        // ledger's: it converges through those events or its catch-up pass, so the audit gets the ledger's patience too.
        // (A CI run audited at once and found the index 20 sales behind: the sales after the restart.)
        await LocalCluster.AuditUntilCleanAsync(output, TimeSpan.FromSeconds(90));
    }
}
