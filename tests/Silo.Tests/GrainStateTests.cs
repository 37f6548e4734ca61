using MarketMicro.TestSupport;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace MarketMicro.Silo.Tests;

public sealed class GrainStateTests
{
    [Fact]
    public async Task GrainStateSurvivesANewClusterOnTheSameSqliteFile()
    {
        using var data = new TemporaryDirectory();
        await AssertStateSurvivesNewClusterAsync(ShopConfiguration.Sqlite(data.Path));
        Assert.True(File.Exists(Path.Combine(data.Path, "marketmicro.db")));
    }

    [Fact]
    public async Task GrainStateSurvivesANewClusterOnTheRealMariaDb()
    {
        await using var database = await TemporaryMySqlDatabase.CreateAsync();
        await AssertStateSurvivesNewClusterAsync(ShopConfiguration.MySql(database.ConnectionString));
    }

    [Fact]
    public async Task ClearedStateIsGoneAfterReactivation()
    {
        using var data = new TemporaryDirectory();
        var configuration = ShopConfiguration.Sqlite(data.Path);
        var serviceId = Guid.NewGuid().ToString("N");
        await using var cluster = await StartAsync(configuration, serviceId);
        var grain = cluster.Client.GetGrain<IProbeGrain>("write-twice");
        await grain.Remember("one");
        await grain.Remember("two");
        await cluster.DeactivateAsync(grain);
        Assert.Equal(["one", "two"], await grain.Recall());
    }

    private static async Task AssertStateSurvivesNewClusterAsync(IConfiguration configuration)
    {
        var serviceId = Guid.NewGuid().ToString("N");
        await using (var first = await StartAsync(configuration, serviceId))
        {
            var grain = first.Client.GetGrain<IProbeGrain>("round-trip");
            await grain.Remember("written before the restart");
            await first.DeactivateAsync(grain);
            await first.StopAllSilosAsync();
        }

        await using var second = await StartAsync(configuration, serviceId);
        var values = await second.Client.GetGrain<IProbeGrain>("round-trip").Recall();
        Assert.Equal(["written before the restart"], values);
    }

    private static async Task<InProcessTestCluster> StartAsync(IConfiguration configuration, string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo.UseMarketMicroApplication(configuration));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
