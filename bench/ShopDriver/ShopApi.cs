using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MarketMicro.ShopDriver;

/// <summary>The calls of the HTTP contract the benchmark makes, over one pooled connection set.</summary>
internal sealed class ShopApi(string url, int connections) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = new Uri(url.TrimEnd('/') + "/api/v1/"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task RegisterAsync(string email, string password)
    {
        using var response = await http.PostAsJsonAsync("users/register", new { email, password, name = "Bench buyer" });
        await ExpectAsync(response, HttpStatusCode.Created, $"registering {email}");
    }

    public async Task<string> LoginAsync(string email, string password)
    {
        using var response = await http.PostAsJsonAsync("users/login", new { email, password });
        await ExpectAsync(response, HttpStatusCode.OK, $"signing in as {email}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public async Task<Guid> CreateProductAsync(string adminToken, string name, int stock)
    {
        var body = new { name, description = "Benchmark item", price = 9.99m, category = "Bench", stock };
        using var response = await SendAsync(HttpMethod.Post, "admin/products", adminToken, JsonContent.Create(body));
        await ExpectAsync(response, HttpStatusCode.Created, $"creating {name}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task ClearCartAsync(string token)
    {
        using var response = await SendAsync(HttpMethod.Delete, "cart", token);
        await ExpectAsync(response, HttpStatusCode.NoContent, "emptying a cart");
    }

    public async Task AddToCartAsync(string token, Guid productId, int quantity)
    {
        using var response = await SendAsync(HttpMethod.Post, "cart/add", token, JsonContent.Create(new { productId, quantity }));
        await ExpectAsync(response, HttpStatusCode.OK, $"adding {quantity} x {productId} to a cart");
    }

    /// <summary>Places the caller's cart; the order's lines come back when it was placed now (201) or before (200).</summary>
    public async Task<CheckoutAnswer> PlaceOrderAsync(string token, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "orders") { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            return new CheckoutAnswer(response.StatusCode, []);
        }

        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        var lines = order.GetProperty("items").EnumerateArray()
            .Select(item => new OrderLine(item.GetProperty("productId").GetGuid(), item.GetProperty("quantity").GetInt32()))
            .ToArray();
        return new CheckoutAnswer(response.StatusCode, lines);
    }

    public async Task<int> AvailableStockAsync(Guid productId)
    {
        var product = await http.GetFromJsonAsync<JsonElement>($"products/{productId}");
        return product.GetProperty("stock").GetInt32();
    }

    public async Task<int> CatalogTotalAsync() =>
        (await http.GetFromJsonAsync<JsonElement>("products?pageSize=1")).GetProperty("total").GetInt32();

    /// <summary>Up to <paramref name="count"/> product ids, newest first (the contract pages at most 10,000 results).</summary>
    public async Task<List<Guid>> CatalogIdsAsync(int count)
    {
        var ids = new List<Guid>();
        for (var page = 1; ids.Count < count; page++)
        {
            var body = await http.GetFromJsonAsync<JsonElement>($"products?page={page}&pageSize=100");
            var items = body.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ToList();
            ids.AddRange(items.Take(count - ids.Count));
            if (items.Count < 100)
            {
                break;
            }
        }

        return ids;
    }

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"{what}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        }
    }
}

internal sealed record OrderLine(Guid ProductId, int Quantity);

internal sealed record CheckoutAnswer(HttpStatusCode Status, OrderLine[] Lines)
{
    public bool Placed => Status is HttpStatusCode.Created or HttpStatusCode.OK;

    public bool Refused => Status == HttpStatusCode.Conflict;
}
