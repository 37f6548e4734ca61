using System.Net;
using MarketMicro.TestSupport;

namespace MarketMicro.WebApi.Tests;

public sealed class DashboardTests
{
    [Fact]
    public async Task DashboardIsServedOnlyOnItsOwnOperatorListener()
    {
        var port = FreePort.Next();
        await using var factory = new DashboardFactory(port);
        var customerSide = factory.CreateClient();
        var operatorSide = factory.CreateClient();
        operatorSide.BaseAddress = new Uri($"http://127.0.0.1:{port}");

        var forOperators = await operatorSide.GetAsync("/dashboard/");
        var forCustomers = await customerSide.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, forOperators.StatusCode);
        Assert.Contains("text/html", forOperators.Content.Headers.ContentType?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, forCustomers.StatusCode);
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

    private sealed class DashboardFactory(int port) : ShopApiFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
            [("Dashboard:Enabled", "true"), ("Dashboard:Url", $"http://127.0.0.1:{port}")];
    }
}
