using System.Net;
using System.Text.Json;

namespace MarketMicro.WebApi.Tests.Hardening;

/// <summary>Public health answers say how things are, not where they are; details go to the operator listener only.</summary>
public sealed class HealthDetailsTests
{
    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/health/live")]
    public async Task PublicHealthAnswersCarryStatusesButNoDescriptions(string path)
    {
        await using var factory = new KestrelShopFactory(withOperationsListener: true);
        using var customer = factory.Customer();

        var response = await customer.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Healthy", answer.GetProperty("status").GetString());
        foreach (var check in answer.GetProperty("checks").EnumerateArray())
        {
            Assert.Equal(["name", "status"], check.EnumerateObject().Select(property => property.Name));
        }

        Assert.DoesNotContain("SQLite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(factory.DataDirectory, body);
        Assert.DoesNotContain("silo", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReadinessNamesItsChecksPublicly()
    {
        await using var factory = new KestrelShopFactory(withOperationsListener: true);
        using var customer = factory.Customer();

        var answer = JsonDocument.Parse(await customer.GetStringAsync("/health/ready")).RootElement;

        Assert.Equal(["storage", "cluster"], answer.GetProperty("checks").EnumerateArray().Select(check => check.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task TheOperatorListenerShowsTheDescriptions()
    {
        await using var factory = new KestrelShopFactory(withOperationsListener: true);
        using var operations = factory.Operator();

        var body = await operations.GetStringAsync("/health/ready");

        Assert.Contains(factory.DataDirectory, body);
        Assert.Contains("description", body);
    }

    [Fact]
    public async Task AHostHeaderNamingTheOperatorListenerShowsNoDetails()
    {
        await using var factory = new KestrelShopFactory(withOperationsListener: true);
        using var customer = factory.Customer();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Host = $"127.0.0.1:{factory.OperationsUrl!.Port}";

        var body = await (await customer.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.DoesNotContain("description", body);
    }
}
