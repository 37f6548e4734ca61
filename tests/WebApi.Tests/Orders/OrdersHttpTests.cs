using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.Products;
using static MarketMicro.WebApi.Tests.ShopData;

namespace MarketMicro.WebApi.Tests.Orders;

[Collection(ShopCollection.Name)]
public sealed class OrdersHttpTests(ShopApiFactory factory)
{
    [Fact]
    public async Task PlacingFromAnEmptyCartAnswers400()
    {
        var customer = await factory.NewCustomerAsync();
        await (await customer.PostAsync("/api/v1/orders", Json("{}"))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PlacingAnOrderAnswers201WithLocationAndTheOrderIsListedAtOnce()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await factory.CreateProductAsync(stock: 10, price: 19.99m);
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
    }

    [Fact]
    public async Task PlacingAnOrderEmptiesTheCart()
    {
        var customer = await factory.NewCustomerAsync();
        await customer.PlaceOrderAsync(await factory.CreateProductAsync(stock: 10), 2);

        Assert.Equal(0, (await customer.GetFromJsonAsync<JsonElement>("/api/v1/cart")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheOrderListRefusesBadPaging()
    {
        var customer = await factory.NewCustomerAsync();
        await (await customer.GetAsync("/api/v1/orders?pageSize=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await customer.GetAsync("/api/v1/orders?page=abc")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RepeatingAnIdempotencyKeyReturnsTheFirstOrderAndReservesNothingAgain()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await factory.CreateProductAsync(stock: 10);
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
        Assert.Equal(6, (await factory.Grains().GetGrain<IProductGrain>(lamp).Get())!.Available);
    }

    [Fact]
    public async Task ShortStockAnswers409NamingTheProducts()
    {
        var customer = await factory.NewCustomerAsync();
        var scarce = await factory.CreateProductAsync(stock: 1);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = scarce, quantity = 1 });
        await factory.Grains().GetGrain<IProductGrain>(scarce).ChangeInventory(new InventoryChange(0, null));

        var refused = await (await customer.PostAsync("/api/v1/orders", Json("{}"))).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(scarce.ToString(), refused.GetProperty("items")[0].GetString());
    }

    [Fact]
    public async Task AnOrderIsVisibleToItsOwnerAndAdminsOnly()
    {
        var owner = await factory.NewCustomerAsync();
        var stranger = await factory.NewCustomerAsync();
        var admin = await factory.AdminAsync();
        var id = await owner.PlaceOrderAsync(await factory.CreateProductAsync(stock: 5), 2);

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/orders/{id}")).StatusCode);
        await (await stranger.GetAsync($"/api/v1/orders/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync($"/api/v1/orders/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"/api/v1/orders/{id}/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OnlyAdminsMoveAnOrderAndOnlyAlongItsLifecycle()
    {
        var owner = await factory.NewCustomerAsync();
        var admin = await factory.AdminAsync();
        var id = await owner.PlaceOrderAsync(await factory.CreateProductAsync(stock: 5), 2);

        await (await owner.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "confirmed" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "teleported" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "shipped" })).AssertProblemAsync(HttpStatusCode.Conflict);
        var confirmed = await admin.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "confirmed" });
        Assert.Equal("confirmed", (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancellingAConfirmedOrderReturnsItsStockOnceAndOnly()
    {
        var owner = await factory.NewCustomerAsync();
        var admin = await factory.AdminAsync();
        var lamp = await factory.CreateProductAsync(stock: 5);
        var id = await owner.PlaceOrderAsync(lamp, 2);
        await admin.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "confirmed" });

        var cancelled = await owner.PostAsync($"/api/v1/orders/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(5, (await factory.Grains().GetGrain<IProductGrain>(lamp).Get())!.Available);
        await (await owner.PostAsync($"/api/v1/orders/{id}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
