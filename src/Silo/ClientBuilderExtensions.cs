using System.Net;
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

                // The gateways are read from the membership table every 5 s instead of every minute, so a frontend stops
                // trying a silo soon after it was declared dead and uses a new one soon after it joined.
                client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod =
                    builder.Configuration.GetValue("Orleans:GatewayListRefreshPeriod", TimeSpan.FromSeconds(5)));
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

    /// <summary>
    /// The Orleans client of an operator command: reaches the cluster through <paramref name="connection"/> (configuration
    /// from environment variables first, the command line over them) and waits up to <paramref name="responseTimeout"/>
    /// for an answer, since the work it asks for (a rebuild, an audit) runs long inside the silo.
    /// </summary>
    public static HostApplicationBuilder AddMarketMicroOperatorClient(
        this HostApplicationBuilder builder, OperatorConnection connection, TimeSpan responseTimeout)
    {
        builder.Configuration.AddEnvironmentVariables().AddInMemoryCollection(connection.Settings);
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        var cluster = ClusterSettings.FromConfiguration(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster.Apply);
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = responseTimeout);
            if (cluster.RedisConnectionString is { } redis)
            {
                client.UseRedisClustering(redis);
            }
            else
            {
                client.UseStaticClustering(connection.Gateway ?? new IPEndPoint(IPAddress.Loopback, cluster.GatewayPort));
            }
        });
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
