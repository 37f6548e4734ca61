using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.TestSupport;

namespace MarketMicro.WebApi.Tests.Admin;

[Collection(ShopCollection.Name)]
public sealed class AdminOrdersHttpTests(ShopApiFactory factory)
{
    [Theory]
    [InlineData("/api/v1/admin/orders")]
    [InlineData("/api/v1/admin/financials")]
    public async Task TheBooksAnswerAdminsOnly(string route)
    {
        await (await factory.CreateClient().GetAsync(route)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await (await factory.NewCustomerAsync()).GetAsync(route)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.AdminAsync()).GetAsync(route)).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/admin/orders?status=lost")]
    [InlineData("/api/v1/admin/orders?from=2026-02-01&to=2026-01-01")]
    [InlineData("/api/v1/admin/financials?from=2026-02-01&to=2026-01-01")]
    [InlineData("/api/v1/admin/financials?from=2024-01-01&to=2026-01-01")]
    [InlineData("/api/v1/admin/financials?from=yesterday")]
    public async Task BadFiltersAndRangesAnswer400(string route) =>
        await (await (await factory.AdminAsync()).GetAsync(route)).AssertProblemAsync(HttpStatusCode.BadRequest);

    [Fact]
    public async Task FinancialsCoverTheLast30DaysInUsdByDefault()
    {
        var financials = await (await factory.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/v1/admin/financials");
        Assert.Equal(30, financials.GetProperty("daily").GetArrayLength());
        Assert.Equal("USD", financials.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task APlacedOrderReachesTheAdminListWithItsCustomerAndSummary()
    {
        var customer = await factory.NewCustomerAsync();
        var admin = await factory.AdminAsync();
        var id = await customer.PlaceOrderAsync(await factory.CreateProductAsync(stock: 5, price: 12.25m), 2);
        await admin.PutAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "confirmed" });

        var page = await Eventually.ReturnsAsync(
            () => admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/orders?q={id}"),
            listed => listed.GetProperty("items").GetArrayLength() == 1 && listed.GetProperty("items")[0].GetProperty("status").GetString() == "confirmed",
            TimeSpan.FromSeconds(10),
            "the confirmed order reaching the admin list");

        var row = page.GetProperty("items")[0];
        Assert.Equal(id, row.GetProperty("id").GetString());
        Assert.Equal("confirmed", row.GetProperty("status").GetString());
        Assert.EndsWith("@shop.test", row.GetProperty("customerEmail").GetString());
        Assert.Equal("24.50", page.GetProperty("summary").GetProperty("revenue").GetRawText());
        Assert.Equal(1, page.GetProperty("summary").GetProperty("orderCount").GetInt32());
    }
}
