using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace MarketMicro.WebApi.Tests.Fuzz;

/// <summary>
/// Every operation of <c>/openapi/v1.json</c> (a new route is fuzzed without touching this file) receives hostile
/// path, query, body and header values as anonymous, customer and admin: the shop never answers 5xx, every 4xx is
/// problem+json with its status and a title, and data read before the run is unchanged after it.
/// </summary>
public sealed class RouteFuzzTests(ShopApiFactory factory, ITestOutputHelper output) : IClassFixture<ShopApiFactory>
{
    /// <summary>Cases the endpoint rework fixes; each is "METHOD /path | input → status".</summary>
    [Fact]
    public async Task EveryRouteAnswersHostileInputWithoutServerErrorsAndWithProblemJsonAndChangesNothing()
    {
        var admin = await factory.AdminAsync();
        var customer = await factory.NewCustomerAsync();
        var probe = await ProbeData.CreateAsync(factory, admin);
        var before = await probe.ReadAsync();

        var document = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = FuzzOperation.AllIn(document);
        var customerToken = customer.DefaultRequestHeaders.Authorization!.Parameter!;
        HttpClient[] identities = [factory.CreateClient(), customer, admin];

        var failures = new List<string>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        foreach (var operation in operations)
        {
            foreach (var fuzz in FuzzInputs.For(operation, customerToken))
            {
                // Headers first: a successful answer's body is not read, so an endless one (the event stream) ends here.
                using var response = await identities[fuzz.Identity].SendAsync(Request(operation.Method, fuzz), HttpCompletionOption.ResponseHeadersRead);
                sent++;
                if (await ViolationAsync(response) is { } violation)
                {
                    failures.Add($"{fuzz.Label} → {violation}");
                }
            }
        }

        output.WriteLine($"{sent} requests over {operations.Count} operations in {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(operations.Count >= 25, $"only {operations.Count} operations found in /openapi/v1.json");
        Assert.True(failures.Count == 0, $"{failures.Count} contract violations:\n{string.Join('\n', failures)}");
        Assert.Equal(before, await probe.ReadAsync());
    }

    private static HttpRequestMessage Request(string method, FuzzCase fuzz)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), fuzz.Url);
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(fuzz.Body));
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
        }

        // HttpClient adds its default Authorization only when the request has none, so these replace the identity's.
        foreach (var (name, value) in fuzz.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>What is wrong with the answer, or null: a 5xx, or a 4xx that is not problem+json with its status and a title.</summary>
    private static async Task<string?> ViolationAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"{status}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}";
        }

        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            var statusMatches = problem.TryGetProperty("status", out var written) && written.ValueKind == JsonValueKind.Number && written.GetInt32() == status;
            var hasTitle = problem.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString());
            return statusMatches && hasTitle ? null : $"{status} problem without matching status and title";
        }
        catch (JsonException)
        {
            return $"{status} problem+json that is not JSON";
        }
    }

    /// <summary>A product, and a customer with an order and a cart, that the fuzz must leave exactly as they were.</summary>
    private sealed record ProbeData(HttpClient Owner, string ProductId, string OrderId)
    {
        public static async Task<ProbeData> CreateAsync(ShopApiFactory factory, HttpClient admin)
        {
            var created = await admin.PostAsJsonAsync("/api/v1/products", new { name = "Fuzz probe", description = "Must not change", price = 12.34m, category = "probe", stock = 10 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var productId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            var owner = await factory.NewCustomerAsync();
            Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/api/v1/cart/add", new { productId, quantity = 2 })).StatusCode);
            var placed = await owner.PostAsJsonAsync("/api/v1/orders", new { shippingAddress = "1 Probe Road" });
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/api/v1/cart/add", new { productId, quantity = 1 })).StatusCode);
            return new ProbeData(owner, productId, orderId);
        }

        /// <summary>Everything the probe's owner and the public can read about it, as one text.</summary>
        public async Task<string> ReadAsync()
        {
            string[] reads = ["/api/v1/products/" + ProductId, "/api/v1/orders/" + OrderId, "/api/v1/orders", "/api/v1/cart", "/api/v1/users/profile"];
            var texts = new List<string>();
            foreach (var read in reads)
            {
                var response = await Owner.GetAsync(read);
                texts.Add($"{read} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            return string.Join('\n', texts);
        }
    }
}
