using System.Net;
using MarketMicro.WebApi.Tests.Hardening;

namespace MarketMicro.WebApi.Tests;

public sealed class DashboardTests
{
    [Fact]
    public async Task DashboardIsServedOnlyOnItsOwnOperatorListener()
    {
        await using var factory = new KestrelShopFactory(withOperationsListener: true, ("Dashboard:Enabled", "true"));
        using var operatorSide = factory.Operator();
        using var customerSide = factory.Customer();

        var forOperators = await operatorSide.GetAsync("/dashboard/");
        var forCustomers = await customerSide.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, forOperators.StatusCode);
        Assert.Contains("text/html", forOperators.Content.Headers.ContentType?.ToString());
        await forCustomers.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AHostHeaderNamingTheOperatorListenerDoesNotOpenTheDashboardOnTheCustomerListener()
    {
        await using var factory = new KestrelShopFactory(withOperationsListener: true, ("Dashboard:Enabled", "true"));
        using var customerSide = factory.Customer();
        var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Host = $"127.0.0.1:{factory.OperationsUrl!.Port}";

        var response = await customerSide.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DashboardIsOffByDefault()
    {
        await using var factory = new ShopApiFactory();
        var client = factory.CreateClient();
        client.BaseAddress = new Uri($"http://127.0.0.1:{DashboardDefaults.Port}");

        var response = await client.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static class DashboardDefaults
    {
        public const int Port = 5200;
    }
}
