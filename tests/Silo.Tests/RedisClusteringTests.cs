using MarketMicro.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace MarketMicro.Silo.Tests;

public sealed class RedisClusteringTests
{
    [Fact]
    public async Task TwoSilosJoinThroughRealRedisMembershipAndCallsCrossBetweenThem()
    {
        using var data = new TemporaryDirectory();
        var clusterId = $"redis-test-{Guid.NewGuid():N}";
        var builder = new TestClusterBuilder(2);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = clusterId;
        builder.Options.UseTestClusterMembership = false;
        builder.Properties["ConnectionStrings:Redis"] = TestServers.Redis;
        builder.Properties["Storage:DataDirectory"] = data.Path;
        builder.Properties["Orleans:ClusterId"] = clusterId;
        builder.Properties["Orleans:ServiceId"] = clusterId;
        builder.AddSiloBuilderConfigurator<RedisSiloConfigurator>();
        builder.AddClientBuilderConfigurator<RedisClientConfigurator>();

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();

            var silos = await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, silos.Count);

            // Placement on each silo follows that silo's own membership view, which may lag the management grain's answer
            // for a moment: new pairs of grains are tried until one call crosses, or the test fails.
            var attempt = 0;
            await Eventually.HoldsAsync(
                async () =>
                {
                    attempt++;
                    var (mine, theirs) = await cluster.Client.GetGrain<IProbeGrain>($"caller-{attempt}").AskAnother($"callee-{attempt}");
                    return mine != theirs;
                },
                TimeSpan.FromSeconds(20),
                "a grain call crossing from one silo to the other");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private sealed class RedisSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder
            .UseSearchReplicaFolderPerSilo(Path.Combine(siloBuilder.Configuration["Storage:DataDirectory"]!, "search"))
            .UseMarketMicroRedisClustering(ClusterSettings.FromConfiguration(siloBuilder.Configuration))
            .UseMarketMicroApplication(siloBuilder.Configuration);
    }

    private sealed class RedisClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseRedisClustering(configuration.GetConnectionString("Redis")!);
    }
}
