using MarketMicro.Silo.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace MarketMicro.Silo;

/// <summary>The stateless-frontend side of the composition (<c>Hosting:Mode=client</c>).</summary>
public static class ClientBuilderExtensions
{
    public static IHostApplicationBuilder AddMarketMicroClient(this IHostApplicationBuilder builder)
    {
        var cluster = ClusterSettings.FromConfiguration(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster.Apply);
            if (cluster.RedisConnectionString is { } redis)
            {
                client.UseRedisClustering(redis);
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            client.AddMemoryStreams(ProviderNames.Streams);
            client.UseConnectionRetryFilter<RetryUntilSiloIsUp>();
        });
        builder.Services.AddHealthChecks().AddCheck<ClusterClientHealthCheck>("cluster", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>Keeps retrying the initial connection so frontends may start before any silo.</summary>
    private sealed class RetryUntilSiloIsUp(ILogger<RetryUntilSiloIsUp> logger) : IClientConnectionRetryFilter
    {
        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            logger.LogWarning("No silo reachable yet ({Reason}); retrying in 2 s", exception.Message);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            return !cancellationToken.IsCancellationRequested;
        }
    }
}
