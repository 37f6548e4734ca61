using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.Carts;
using MarketMicro.Products;
using static MarketMicro.WebApi.Tests.ShopData;

namespace MarketMicro.WebApi.Tests.Hardening;

/// <summary>Hostile and boundary inputs from the security review: each answers a clear 4xx and changes nothing.</summary>
[Collection(ShopCollection.Name)]
public sealed class InputEdgesHttpTests(ShopApiFactory factory)
{
    [Theory]
    [InlineData("page=1000000&pageSize=100&q=a")]
    [InlineData("page=101&pageSize=100")]
    [InlineData("page=2147483647&pageSize=100")]
    public async Task APageReachingPastTheFirstTenThousandResultsAnswers400AtOnce(string query)
    {
        var clock = Stopwatch.StartNew();
        var response = await factory.CreateClient().GetAsync($"/api/v1/products?{query}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("page", out _));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task TheLastPageInsideTheWindowIsAnswered() =>
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/api/v1/products?page=100&pageSize=100")).StatusCode);

    [Theory]
    [InlineData("placed,confirmed")]
    [InlineData("confirmed, shipped")]
    [InlineData("2")]
    [InlineData("Shipped")]
    public async Task AStatusThatIsNotExactlyOneDocumentedNameAnswers400AndMovesNothing(string status)
    {
        var (admin, orderId) = await ConfirmedOrderAsync();

        await (await admin.PutAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status })).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("confirmed", (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ANumericStatusAnswers400()
    {
        var (admin, orderId) = await ConfirmedOrderAsync();
        await (await admin.PutAsync($"/api/v1/orders/{orderId}/status", Json("""{"status":2}"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"stock":2147483647}""")]
    [InlineData("""{"stock":1000000001}""")]
    [InlineData("""{"delta":2147483647}""")]
    public async Task StockBeyondItsLimitAnswers400(string body)
    {
        var admin = await factory.AdminAsync();
        var id = await factory.CreateProductAsync(stock: 5);

        await (await admin.PutAsync($"/api/v1/admin/products/{id}/inventory", Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(5, (await factory.Grains().GetGrain<IProductGrain>(id).Get())!.OnHand);
    }

    [Fact]
    public async Task ACancellationAfterTheMaximumStockWasSetNeverMakesStockNegative()
    {
        var admin = await factory.AdminAsync();
        var customer = await factory.NewCustomerAsync();
        var id = await factory.CreateProductAsync(stock: 5);
        var orderId = await customer.PlaceOrderAsync(id, 2);
        await admin.PutAsJsonAsync($"/api/v1/admin/products/{id}/inventory", new { stock = ProductLimits.MaxStock });

        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).StatusCode);

        Assert.Equal(ProductLimits.MaxStock + 2, (await factory.Grains().GetGrain<IProductGrain>(id).Get())!.OnHand);
    }

    [Fact]
    public async Task TheCartLineLimitAppliesToTheLineTotal()
    {
        var customer = await factory.NewCustomerAsync();
        var id = await factory.CreateProductAsync(stock: 100_000);
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = id, quantity = CartLimits.MaxQuantity })).StatusCode);

        var second = await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = id, quantity = CartLimits.MaxQuantity });

        await second.AssertProblemAsync(HttpStatusCode.BadRequest);
        var cart = await customer.GetFromJsonAsync<JsonElement>("/api/v1/cart");
        Assert.Equal(CartLimits.MaxQuantity, cart.GetProperty("totalQuantity").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/admin/financials?to=0001-01-01")]
    [InlineData("/api/v1/admin/financials?from=0001-01-01&to=0001-01-05")]
    [InlineData("/api/v1/admin/financials?from=9999-12-01&to=9999-12-31")]
    [InlineData("/api/v1/admin/orders?to=9999-12-31")]
    [InlineData("/api/v1/admin/orders?from=0001-01-01")]
    public async Task DatesAtTheEdgesOfTheCalendarAnswer400(string route) =>
        await (await (await factory.AdminAsync()).GetAsync(route)).AssertProblemAsync(HttpStatusCode.BadRequest);

    [Fact]
    public async Task TheFirstDaysOfTheBooksAreAnswered() =>
        Assert.Equal(HttpStatusCode.OK, (await (await factory.AdminAsync()).GetAsync("/api/v1/admin/financials?to=2000-01-05")).StatusCode);

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("12345")]
    public async Task AddingAnIdThatNamesNoProductAnswers404LikeReadingIt(string productId)
    {
        var customer = await factory.NewCustomerAsync();

        await (await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId, quantity = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await customer.GetAsync($"/api/v1/products/{productId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ADeletedProductLeavesTheCartWithANoticeAndCheckoutPlacesTheRest()
    {
        var admin = await factory.AdminAsync();
        var customer = await factory.NewCustomerAsync();
        var kept = await factory.CreateProductAsync(stock: 5, price: 3m);
        var deleted = await factory.CreateProductAsync(stock: 5);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = kept, quantity = 1 });
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = deleted, quantity = 1 });
        await admin.DeleteAsync($"/api/v1/products/{deleted}");

        var cart = await customer.GetFromJsonAsync<JsonElement>("/api/v1/cart");
        var placed = await customer.PostAsync("/api/v1/orders", Json("{}"));

        Assert.Equal([kept.ToString()], cart.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetString()));
        Assert.Equal(deleted.ToString(), cart.GetProperty("notices")[0].GetProperty("productId").GetString());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal("3.00", (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetRawText());
    }

    [Fact]
    public async Task ACheckoutNeverFailsOnADeletedProductTheCartNoLongerShows()
    {
        var admin = await factory.AdminAsync();
        var customer = await factory.NewCustomerAsync();
        var kept = await factory.CreateProductAsync(stock: 5);
        var deleted = await factory.CreateProductAsync(stock: 5);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = kept, quantity = 1 });
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = deleted, quantity = 1 });
        await admin.DeleteAsync($"/api/v1/products/{deleted}");

        var placed = await customer.PostAsync("/api/v1/orders", Json("{}"));

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Single((await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task DeletedProductsDoNotCountAgainstTheLineLimit()
    {
        var admin = await factory.AdminAsync();
        var customer = await factory.NewCustomerAsync();
        var products = new List<Guid>();
        for (var i = 0; i < CartLimits.MaxLines; i++)
        {
            var id = await factory.CreateProductAsync(stock: 1);
            products.Add(id);
            await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = id, quantity = 1 });
        }

        await admin.DeleteAsync($"/api/v1/products/{products[0]}");
        var another = await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = await factory.CreateProductAsync(stock: 1), quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, another.StatusCode);
    }

    private async Task<(HttpClient Admin, string OrderId)> ConfirmedOrderAsync()
    {
        var admin = await factory.AdminAsync();
        var customer = await factory.NewCustomerAsync();
        var orderId = await customer.PlaceOrderAsync(await factory.CreateProductAsync(stock: 5), 1);
        await admin.PutAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "confirmed" });
        return (admin, orderId);
    }
}
