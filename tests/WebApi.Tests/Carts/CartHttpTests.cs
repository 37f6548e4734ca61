using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.Products;
using static MarketMicro.WebApi.Tests.ShopData;

namespace MarketMicro.WebApi.Tests.Carts;

[Collection(ShopCollection.Name)]
public sealed class CartHttpTests(ShopApiFactory factory)
{
    [Fact]
    public async Task AddingAProductAnswersTheCartWithPricesAndTotals()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await factory.CreateProductAsync(stock: 3, price: 19.99m);

        var added = await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 2 });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var cart = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, cart.GetProperty("totalQuantity").GetInt32());
        Assert.Equal("39.98", cart.GetProperty("subtotal").GetRawText());
        Assert.Equal("USD", cart.GetProperty("currency").GetString());
        var line = cart.GetProperty("items")[0];
        Assert.Equal("19.99", line.GetProperty("unitPrice").GetRawText());
        Assert.Equal("39.98", line.GetProperty("lineTotal").GetRawText());
    }

    [Fact]
    public async Task AddingMoreThanTheStockAnswers409()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await factory.CreateProductAsync(stock: 3);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 2 });

        await (await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 2 })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AddingAnUnknownProductAnswers404()
    {
        var customer = await factory.NewCustomerAsync();
        await (await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = Guid.NewGuid(), quantity = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AddingZeroAWrongTypeOrMalformedJsonAnswers400()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await factory.CreateProductAsync(stock: 3);

        var zero = await (await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(zero.GetProperty("errors").TryGetProperty("quantity", out _));
        await (await customer.PostAsync("/api/v1/cart/add", Json("{\"productId\": \"" + lamp + "\", \"quantity\": \"two\"}"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await customer.PostAsync("/api/v1/cart/add", Json("{\"productId\": "))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheCartNeedsASignedInCaller() =>
        await (await factory.CreateClient().GetAsync("/api/v1/cart")).AssertProblemAsync(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task UpdatingSetsTheQuantityWithinTheStockOfALineInTheCart()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await factory.CreateProductAsync(stock: 3);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, (await customer.PutAsJsonAsync($"/api/v1/cart/update/{lamp}", new { quantity = 3 })).StatusCode);
        await (await customer.PutAsJsonAsync($"/api/v1/cart/update/{lamp}", new { quantity = 4 })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await customer.PutAsJsonAsync($"/api/v1/cart/update/{lamp}", new { quantity = -1 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await customer.PutAsJsonAsync($"/api/v1/cart/update/{Guid.NewGuid()}", new { quantity = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UpdatingToZeroRemovesTheLine()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await factory.CreateProductAsync(stock: 3);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 1 });

        var removedByZero = await (await customer.PutAsJsonAsync($"/api/v1/cart/update/{lamp}", new { quantity = 0 })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(0, removedByZero.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task RemovingALineAnswers200ThenIt404sBecauseItIsGone()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await factory.CreateProductAsync(stock: 3);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, (await customer.DeleteAsync($"/api/v1/cart/remove/{lamp}")).StatusCode);
        await (await customer.DeleteAsync($"/api/v1/cart/remove/{lamp}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ClearingAnswers204AndEmptiesTheCart()
    {
        var customer = await factory.NewCustomerAsync();
        var lamp = await factory.CreateProductAsync(stock: 3);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 1 });

        Assert.Equal(HttpStatusCode.NoContent, (await customer.DeleteAsync("/api/v1/cart")).StatusCode);
        var empty = await customer.GetFromJsonAsync<JsonElement>("/api/v1/cart");
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task CartShowsTheProductsCurrentPrice()
    {
        var customer = await factory.NewCustomerAsync();
        var chair = await factory.CreateProductAsync(stock: 5, price: 40m);
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = chair, quantity = 1 });

        await factory.Grains().GetGrain<IProductGrain>(chair).Update(new ProductDetails("Chair", "Oak", 35.50m, "furniture", null), 5);

        var cart = await customer.GetFromJsonAsync<JsonElement>("/api/v1/cart");
        Assert.Equal("35.50", cart.GetProperty("subtotal").GetRawText());
    }
}
