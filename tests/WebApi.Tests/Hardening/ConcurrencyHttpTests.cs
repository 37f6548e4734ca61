using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.Products;

namespace MarketMicro.WebApi.Tests.Hardening;

/// <summary>Products and orders carry their version as an ETag; changes that send If-Match apply only to that version.</summary>
[Collection(ShopCollection.Name)]
public sealed class ConcurrencyHttpTests(ShopApiFactory factory)
{
    [Fact]
    public async Task AProductAnswerCarriesItsVersionAsETag()
    {
        var admin = await factory.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/products", Body(stock: 10));
        var id = await IdOf(created);

        var read = await admin.GetAsync($"/api/v1/products/{id}");
        var updated = await admin.PutAsJsonAsync($"/api/v1/products/{id}", Body(stock: 10, price: 12m));

        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task AnAdminEditFromAStaleReadCannotBringSoldUnitsBack()
    {
        var admin = await factory.AdminAsync();
        var id = await IdOf(await admin.PostAsJsonAsync("/api/v1/products", Body(stock: 10)));
        var form = await admin.GetAsync($"/api/v1/products/{id}");
        var customer = await factory.NewCustomerAsync();
        await customer.PlaceOrderAsync(Guid.Parse(id), 3);

        var withStaleVersion = await Put(admin, $"/api/v1/products/{id}", Body(stock: 10), form.Headers.ETag!.Tag);
        var withoutVersion = await admin.PutAsJsonAsync($"/api/v1/products/{id}", Body(stock: 10));

        var stale = await withStaleVersion.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.True(stale.GetProperty("currentVersion").GetInt64() > 1);
        await withoutVersion.AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        var now = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}");
        Assert.Equal(7, now.GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task AnEditAtTheCurrentVersionSetsWhatCanBeBought()
    {
        var admin = await factory.AdminAsync();
        var id = await IdOf(await admin.PostAsJsonAsync("/api/v1/products", Body(stock: 10)));
        var read = await admin.GetAsync($"/api/v1/products/{id}");

        var updated = await Put(admin, $"/api/v1/products/{id}", Body(stock: 4), read.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(4, (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task DeleteAndInventoryAtAStaleVersionChangeNothing()
    {
        var admin = await factory.AdminAsync();
        var id = await IdOf(await admin.PostAsJsonAsync("/api/v1/products", Body(stock: 10)));
        await admin.PutAsJsonAsync($"/api/v1/products/{id}", Body(stock: 10, price: 11m));

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/products/{id}");
        delete.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await admin.SendAsync(delete)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await Put(admin, $"/api/v1/admin/products/{id}/inventory", new { stock = 50 }, "\"1\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var now = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}");
        Assert.Equal(10, now.GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task AnOrderStatusChangeHonoursIfMatch()
    {
        var admin = await factory.AdminAsync();
        var customer = await factory.NewCustomerAsync();
        var orderId = await customer.PlaceOrderAsync(await factory.CreateProductAsync(stock: 5), 1);
        var read = await admin.GetAsync($"/api/v1/orders/{orderId}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        await admin.PutAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "confirmed" });

        var stale = await Put(admin, $"/api/v1/orders/{orderId}/status", new { status = "shipped" }, read.Headers.ETag!.Tag);
        var current = await Put(admin, $"/api/v1/orders/{orderId}/status", new { status = "shipped" }, "\"2\"");

        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal("\"3\"", current.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("W/\"1\"")]
    [InlineData("\"abc\"")]
    [InlineData("\"1\", \"2\"")]
    public async Task AnIfMatchThisApiNeverIssuedAnswers400(string ifMatch)
    {
        var admin = await factory.AdminAsync();
        var id = await IdOf(await admin.PostAsJsonAsync("/api/v1/products", Body(stock: 10)));

        var response = await Put(admin, $"/api/v1/products/{id}", Body(stock: 10), ifMatch);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _));
    }

    [Fact]
    public async Task IfMatchAnyAppliesToWhateverVersionExists()
    {
        var admin = await factory.AdminAsync();
        var id = await IdOf(await admin.PostAsJsonAsync("/api/v1/products", Body(stock: 10)));

        var response = await Put(admin, $"/api/v1/products/{id}", Body(stock: 3), "*");

        Assert.Equal(HttpStatusCode.PreconditionRequired, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, $"/api/v1/products/{id}", Body(stock: 10, price: 3m), "*")).StatusCode);
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, string path, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    private static async Task<string> IdOf(HttpResponseMessage created) =>
        (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    private static object Body(int stock, decimal price = 10m) =>
        new { name = "Oak Shelf", description = "Solid oak", price, category = "Furniture", stock };
}
