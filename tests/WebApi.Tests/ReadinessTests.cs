using System.Net;
using MarketMicro.TestSupport;
using MySqlConnector;

namespace MarketMicro.WebApi.Tests;

public sealed class ReadinessTests
{
    [Fact]
    public async Task ReadinessTurns503WhenTheDatabaseBecomesUnreachableWhileLivenessStays200()
    {
        await using var database = await TemporaryMySqlDatabase.CreateAsync();
        await using var factory = new MySqlShopFactory(database.ConnectionString);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await using (var connection = new MySqlConnection(TestServers.MySql))
        {
            await connection.OpenAsync();
            await new MySqlCommand($"DROP DATABASE `{database.Name}`", connection).ExecuteNonQueryAsync();
        }

        MySqlConnection.ClearAllPools();
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("storage", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private sealed class MySqlShopFactory(string connectionString) : ShopApiFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() => [("ConnectionStrings:MySql", connectionString)];
    }
}
