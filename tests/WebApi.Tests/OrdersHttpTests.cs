using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MarketMicro.Products;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.WebApi.Tests;

[Collection(ShopCollection.Name)]
public sealed class OrdersHttpTests(ShopApiFactory factory)
{
    [Fact]
    public async Task CartAnswersEveryContractStatus()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await CreateProductAsync(stock: 3, price: 19.99m);

        var added = await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 2 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var cart = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, cart.GetProperty("totalQuantity").GetInt32());
        Assert.Equal("39.98", cart.GetProperty("subtotal").GetRawText());
        Assert.Equal("USD", cart.GetProperty("currency").GetString());
        var line = cart.GetProperty("items")[0];
        Assert.Equal("19.99", line.GetProperty("unitPrice").GetRawText());
        Assert.Equal("39.98", line.GetProperty("lineTotal").GetRawText());

        await (await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 2 })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = Guid.NewGuid(), quantity = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
        var zero = await (await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(zero.GetProperty("errors").TryGetProperty("quantity", out _));
        await (await customer.PostAsync("/api/v1/cart/add", Json("{\"productId\": \"" + lamp + "\", \"quantity\": \"two\"}"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await customer.PostAsync("/api/v1/cart/add", Json("{\"productId\": "))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await factory.CreateClient().GetAsync("/api/v1/cart")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.OK, (await customer.PutAsJsonAsync($"/api/v1/cart/update/{lamp}", new { quantity = 3 })).StatusCode);
        await (await customer.PutAsJsonAsync($"/api/v1/cart/update/{lamp}", new { quantity = 4 })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await customer.PutAsJsonAsync($"/api/v1/cart/update/{lamp}", new { quantity = -1 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await customer.PutAsJsonAsync($"/api/v1/cart/update/{Guid.NewGuid()}", new { quantity = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
        var removedByZero = await (await customer.PutAsJsonAsync($"/api/v1/cart/update/{lamp}", new { quantity = 0 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, removedByZero.GetProperty("items").GetArrayLength());

        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 1 });
        Assert.Equal(HttpStatusCode.OK, (await customer.DeleteAsync($"/api/v1/cart/remove/{lamp}")).StatusCode);
        await (await customer.DeleteAsync($"/api/v1/cart/remove/{lamp}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 1 });
        Assert.Equal(HttpStatusCode.NoContent, (await customer.DeleteAsync("/api/v1/cart")).StatusCode);
        var empty = await customer.GetFromJsonAsync<JsonElement>("/api/v1/cart");
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task CartShowsTheProductsCurrentPrice()
    {
        var customer = await factory.NewCustomerAsync();
        var chair = await CreateProductAsync(stock: 5, price: 40m);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = chair, quantity = 1 });

        await Grains.GetGrain<IProductGrain>(chair).Update(new ProductDetails("Chair", "Oak", 35.50m, "furniture", null), 5);

        var cart = await customer.GetFromJsonAsync<JsonElement>("/api/v1/cart");
        Assert.Equal("35.50", cart.GetProperty("subtotal").GetRawText());
    }

    [Fact]
    public async Task PlacingAnOrderAnswers201WithLocationAndTheOrderIsListedAtOnce()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await CreateProductAsync(stock: 10, price: 19.99m);
        await (await customer.PostAsync("/api/v1/orders", Json("{}"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 2 });

        var placed = await customer.PostAsJsonAsync("/api/v1/orders", new { shippingAddress = "1 Main St" });

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var id = order.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/orders/{id}", placed.Headers.Location?.ToString());
        Assert.Equal("placed", order.GetProperty("status").GetString());
        Assert.Equal("39.98", order.GetProperty("total").GetRawText());
        Assert.Equal("1 Main St", order.GetProperty("shippingAddress").GetString());
        Assert.Equal("placed", order.GetProperty("history")[0].GetProperty("status").GetString());
        var list = await customer.GetFromJsonAsync<JsonElement>("/api/v1/orders");
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(0, (await customer.GetFromJsonAsync<JsonElement>("/api/v1/cart")).GetProperty("items").GetArrayLength());
        await (await customer.GetAsync("/api/v1/orders?pageSize=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await customer.GetAsync("/api/v1/orders?page=abc")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RepeatingAnIdempotencyKeyReturnsTheFirstOrderAndReservesNothingAgain()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await CreateProductAsync(stock: 10);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 4 });

        var requests = Enumerable.Range(0, 5).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = Json("{}") };
            request.Headers.Add("Idempotency-Key", "checkout-42");
            return customer.SendAsync(request);
        });
        var responses = await Task.WhenAll(requests);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.Equal(6, (await Grains.GetGrain<IProductGrain>(lamp).Get())!.Available);
    }

    [Fact]
    public async Task ShortStockAnswers409NamingTheProducts()
    {
        var customer = await factory.NewCustomerAsync();
        var scarce = await CreateProductAsync(stock: 1);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = scarce, quantity = 1 });
        await Grains.GetGrain<IProductGrain>(scarce).ChangeInventory(new InventoryChange(0, null));

        var refused = await (await customer.PostAsync("/api/v1/orders", Json("{}"))).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(scarce.ToString(), refused.GetProperty("items")[0].GetString());
    }

    [Fact]
    public async Task OrdersAreVisibleToTheirOwnerAndAdminsOnlyAndMoveThroughTheirLifecycle()
    {
        var owner = await factory.NewCustomerAsync();
        var stranger = await factory.NewCustomerAsync();
        var admin = await factory.AdminAsync();
        var lamp = await CreateProductAsync(stock: 5);
        await owner.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 2 });
        var id = (await (await owner.PostAsync("/api/v1/orders", Json("{}"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/orders/{id}")).StatusCode);
        await (await stranger.GetAsync($"/api/v1/orders/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync($"/api/v1/orders/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"/api/v1/orders/{id}/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await owner.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "confirmed" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "teleported" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "shipped" })).AssertProblemAsync(HttpStatusCode.Conflict);
        var confirmed = await admin.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "confirmed" });
        Assert.Equal("confirmed", (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var cancelled = await owner.PostAsync($"/api/v1/orders/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(5, (await Grains.GetGrain<IProductGrain>(lamp).Get())!.Available);
        await (await owner.PostAsync($"/api/v1/orders/{id}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AdminOrderListAndFinancialsAnswerForAdminsOnlyAndRefuseBadRanges()
    {
        var customer = await factory.NewCustomerAsync();
        var admin = await factory.AdminAsync();
        var anonymous = factory.CreateClient();
        foreach (var route in new[] { "/api/v1/admin/orders", "/api/v1/admin/financials" })
        {
            await (await anonymous.GetAsync(route)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await customer.GetAsync(route)).AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(route)).StatusCode);
        }

        await (await admin.GetAsync("/api/v1/admin/orders?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/admin/orders?from=2026-02-01&to=2026-01-01")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/admin/financials?from=2026-02-01&to=2026-01-01")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/admin/financials?from=2024-01-01&to=2026-01-01")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/admin/financials?from=yesterday")).AssertProblemAsync(HttpStatusCode.BadRequest);

        var financials = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/financials");
        Assert.Equal(30, financials.GetProperty("daily").GetArrayLength());
        Assert.Equal("USD", financials.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task APlacedOrderReachesTheAdminListWithItsCustomerAndSummary()
    {
        var customer = await factory.NewCustomerAsync();
        var admin = await factory.AdminAsync();
        var lamp = await CreateProductAsync(stock: 5, price: 12.25m);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 2 });
        var id = (await (await customer.PostAsync("/api/v1/orders", Json("{}"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await admin.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "confirmed" });

        JsonElement page = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            page = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/orders?q={id}");
            if (page.GetProperty("items").GetArrayLength() == 1 && page.GetProperty("items")[0].GetProperty("status").GetString() == "confirmed")
            {
                break;
            }

            await Task.Delay(100);
        }

        var row = page.GetProperty("items")[0];
        Assert.Equal(id, row.GetProperty("id").GetString());
        Assert.Equal("confirmed", row.GetProperty("status").GetString());
        Assert.EndsWith("@shop.test", row.GetProperty("customerEmail").GetString());
        Assert.Equal("24.50", page.GetProperty("summary").GetProperty("revenue").GetRawText());
        Assert.Equal(1, page.GetProperty("summary").GetProperty("orderCount").GetInt32());
    }

    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    private async Task<Guid> CreateProductAsync(int stock, decimal price = 10m)
    {
        var id = Guid.NewGuid();
        await Grains.GetGrain<IProductGrain>(id).Create(new ProductDetails($"Product {id:N}", "For tests", price, "tests", null), stock);
        return id;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
