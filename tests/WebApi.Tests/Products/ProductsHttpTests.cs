using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MarketMicro.TestSupport;

namespace MarketMicro.WebApi.Tests.Products;

[Collection(ShopCollection.Name)]
public sealed class ProductsHttpTests(ShopApiFactory factory)
{
    private readonly HttpClient anonymous = factory.CreateClient();

    [Fact]
    public async Task CreatingAProductAnswers201WithItsLocationAndContractShape()
    {
        var admin = await factory.AdminAsync();

        var created = await admin.PostAsJsonAsync("/api/v1/products", Body("Linen Curtain", 39.9m, "Textiles", 6));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/products/{product.GetProperty("id").GetString()}", created.Headers.Location?.ToString());
        Assert.Equal("39.90", product.GetProperty("price").GetRawText());
        Assert.Equal("USD", product.GetProperty("currency").GetString());
        Assert.True(product.GetProperty("inStock").GetBoolean());
    }

    [Fact]
    public async Task AnyoneCanReadAProduct()
    {
        var id = await CreateAsync(await factory.AdminAsync(), "Linen Curtain");

        var read = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}");

        Assert.Equal("Linen Curtain", read.GetProperty("name").GetString());
    }

    [Fact]
    public async Task TheAdminPathUpdatesAndCreatesToo()
    {
        var admin = await factory.AdminAsync();
        var id = await CreateAsync(admin, "Linen Curtain");

        var updated = await admin.PutAsJsonAsync($"/api/v1/admin/products/{id}", Body("Linen Curtain XL", 49m, "Textiles", 6));
        var viaAdminPath = await admin.PostAsJsonAsync("/api/v1/admin/products", Body("Wool Rug", 120m, "Textiles", 1));

        Assert.Equal("Linen Curtain XL", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Created, viaAdminPath.StatusCode);
    }

    [Fact]
    public async Task ADeletedProductIsGoneUnderBothPaths()
    {
        var admin = await factory.AdminAsync();
        var id = await CreateAsync(admin, "Linen Curtain");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/products/{id}")).StatusCode);
        await (await anonymous.GetAsync($"/api/v1/products/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/v1/admin/products/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownProductsAnswer404()
    {
        var admin = await factory.AdminAsync();
        await (await admin.PutAsJsonAsync($"/api/v1/products/{Guid.NewGuid()}", Body("Ghost", 1m, "X", 1))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("/api/v1/products/not-a-guid")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> BadProducts => new()
    {
        { """{"name":"","price":10,"category":"C","stock":1}""", "name" },
        { $$"""{"name":"{{new string('n', 201)}}","price":10,"category":"C","stock":1}""", "name" },
        { """{"name":"N","price":0,"category":"C","stock":1}""", "price" },
        { """{"name":"N","price":-5,"category":"C","stock":1}""", "price" },
        { """{"name":"N","price":1.999,"category":"C","stock":1}""", "price" },
        { """{"name":"N","price":10,"category":"C","stock":-1}""", "stock" },
        { """{"name":"N","price":10,"category":"","stock":1}""", "category" },
        { """{"name":"N","price":10,"category":"C","stock":1,"imageUrl":"ftp://x"}""", "imageUrl" },
        { """{"price":10,"category":"C","stock":1}""", "name" },
        { """{"name":"N","category":"C","stock":1}""", "price" },
    };

    [Theory]
    [MemberData(nameof(BadProducts))]
    public async Task InvalidProductsAnswer400WithFieldErrors(string json, string field)
    {
        var admin = await factory.AdminAsync();
        var response = await admin.PostAsync("/api/v1/products", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    [Theory]
    [InlineData("""{"name":"N","price":"ten","category":"C","stock":1}""")]
    [InlineData("""{"name":"N","price":10,"category":"C","stock":1.5}""")]
    [InlineData("""{"name":"N",""")]
    public async Task WrongTypesAndMalformedJsonAnswer400(string json)
    {
        var admin = await factory.AdminAsync();
        var response = await admin.PostAsync("/api/v1/products", new StringContent(json, Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SearchFindsANewProductWithinTwoSecondsWithFacetsAndCategories()
    {
        var admin = await factory.AdminAsync();
        var category = $"Cat{Guid.NewGuid():N}"[..12];
        await admin.PostAsJsonAsync("/api/v1/products", Body("Quartzite Kettle", 64m, category, 3));
        await admin.PostAsJsonAsync("/api/v1/products", Body("Quartzite Teapot", 18m, category, 0));

        var page = await Eventually.ReturnsAsync(
            () => anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/products?q=quartzit&category={category}&sort=price_asc"),
            found => found.GetProperty("total").GetInt32() >= 2,
            TimeSpan.FromSeconds(2),
            "both new products becoming searchable");

        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal("Quartzite Teapot", page.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(20, page.GetProperty("pageSize").GetInt32());
        var facet = page.GetProperty("facets").GetProperty("categories")[0];
        Assert.Equal((category, 2), (facet.GetProperty("value").GetString(), facet.GetProperty("count").GetInt32()));
        Assert.Equal(5, page.GetProperty("facets").GetProperty("priceRanges").GetArrayLength());

        var inStock = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/products?category={category}&inStock=true");
        Assert.Equal(1, inStock.GetProperty("total").GetInt32());
        var categories = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/categories");
        Assert.Contains(categories.EnumerateArray(), c => c.GetProperty("name").GetString() == category && c.GetProperty("productCount").GetInt32() == 2);
    }

    [Theory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=1000")]
    [InlineData("page=0")]
    [InlineData("minPrice=50&maxPrice=10")]
    [InlineData("minPrice=-1")]
    [InlineData("sort=cheapest")]
    [InlineData("minPrice=abc")]
    [InlineData("inStock=maybe")]
    public async Task BadSearchQueriesAnswer400(string query)
    {
        await (await anonymous.GetAsync($"/api/v1/products?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task InventoryIsSetOrMovedAndAnswersTheNewStock()
    {
        var admin = await factory.AdminAsync();
        var id = await CreateAsync(admin, "Copper Pan", stock: 4);

        var set = await admin.PutAsJsonAsync($"/api/v1/admin/products/{id}/inventory", new { stock = 10 });
        Assert.Equal(10, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stock").GetInt32());
        var moved = await admin.PutAsJsonAsync($"/api/v1/admin/products/{id}/inventory", new { delta = -3 });
        Assert.Equal(7, (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task InventoryNeverGoesBelowZero()
    {
        var admin = await factory.AdminAsync();
        var id = await CreateAsync(admin, "Copper Pan", stock: 7);

        await (await admin.PutAsJsonAsync($"/api/v1/admin/products/{id}/inventory", new { delta = -8 })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"stock":-1}""")]
    [InlineData("""{"stock":1,"delta":1}""")]
    [InlineData("""{}""")]
    public async Task AnInventoryChangeTakesExactlyOneValidValue(string json)
    {
        var admin = await factory.AdminAsync();
        var id = await CreateAsync(admin, "Copper Pan", stock: 4);

        var response = await admin.PutAsync($"/api/v1/admin/products/{id}/inventory", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnUnknownProductsInventoryAnswers404() =>
        await (await (await factory.AdminAsync()).PutAsJsonAsync($"/api/v1/admin/products/{Guid.NewGuid()}/inventory", new { stock = 1 }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "GET", "/api/v1/admin/products" },
        { "POST", "/api/v1/admin/products" },
        { "PUT", $"/api/v1/admin/products/{Guid.NewGuid()}" },
        { "DELETE", $"/api/v1/admin/products/{Guid.NewGuid()}" },
        { "PUT", $"/api/v1/admin/products/{Guid.NewGuid()}/inventory" },
        { "POST", "/api/v1/products" },
        { "PUT", $"/api/v1/products/{Guid.NewGuid()}" },
        { "DELETE", $"/api/v1/products/{Guid.NewGuid()}" },
        { "GET", "/api/v1/admin/orders" },
        { "GET", "/api/v1/admin/financials" },
        { "PUT", $"/api/v1/orders/{Guid.NewGuid()}/status" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task EveryAdminRouteRefusesAnonymousCallersAndCustomersAndLetsAdminsIn(string method, string route)
    {
        var customer = await factory.NewCustomerAsync();
        var admin = await factory.AdminAsync();
        HttpRequestMessage Request() => new(new HttpMethod(method), route)
        {
            Content = method is "GET" or "DELETE" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
        };

        await (await anonymous.SendAsync(Request())).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await customer.SendAsync(Request())).AssertProblemAsync(HttpStatusCode.Forbidden);
        var asAdmin = await admin.SendAsync(Request());
        Assert.DoesNotContain(asAdmin.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.True((int)asAdmin.StatusCode < 500, $"{method} {route} answered {(int)asAdmin.StatusCode}");
    }

    private static async Task<string> CreateAsync(HttpClient admin, string name, int stock = 6)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/products", Body(name, 39.9m, "Textiles", stock));
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static object Body(string name, decimal price, string category, int stock) =>
        new { name, description = $"{name} for tests", price, category, stock };
}
