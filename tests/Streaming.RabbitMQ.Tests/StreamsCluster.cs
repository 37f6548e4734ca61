using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace MarketMicro.Streaming.RabbitMQ.Tests;

/// <summary>
/// An in-process cluster whose silos use the RabbitMQ provider on queues of their own (a unique prefix),
/// deleted again when the cluster is disposed. Unless a test runs an outage of its own, the cluster keeps other test
/// processes from stopping the shared broker while it runs: the tests count retries, dead letters and deliveries exactly,
/// and an outage from a parallel test project would redeliver what it cut off.
/// </summary>
public sealed class StreamsCluster : IAsyncDisposable
{
    private readonly IAsyncDisposable? noOutage;

    private StreamsCluster(InProcessTestCluster cluster, RabbitMqStreamOptions options, IAsyncDisposable? noOutage)
    {
        Cluster = cluster;
        Options = options;
        this.noOutage = noOutage;
    }

    public InProcessTestCluster Cluster { get; }

    public RabbitMqStreamOptions Options { get; }

    public IClusterClient Client => Cluster.Client;

    public static async Task<StreamsCluster> StartAsync(
        short silos,
        Action<RabbitMqStreamOptions>? configure = null,
        TimeSpan? maxEventDeliveryTime = null,
        Action<IServiceCollection>? siloServices = null,
        bool providerOnSilos = true,
        bool providerOnClient = false,
        bool holdOffOutages = true)
    {
        var options = new RabbitMqStreamOptions
        {
            ConnectionString = TestBroker.ConnectionString,
            QueuePrefix = $"test.{Guid.NewGuid():N}",
            QueueCount = 4,
            ReconnectMinBackoff = TimeSpan.FromMilliseconds(250),
            ReconnectMaxBackoff = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);

        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = TimeSpan.FromSeconds(1);
                membership.NumMissedProbesLimit = 2;
                membership.NumVotesForDeathDeclaration = 1;
                membership.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
            if (providerOnSilos)
            {
                silo.AddRabbitMqStreams(TestStreams.Provider, o => CopyTo(options, o), provider =>
                    provider.ConfigurePullingAgent(agent => agent.Configure(pulling =>
                    {
                        pulling.MaxEventDeliveryTime = maxEventDeliveryTime ?? TimeSpan.FromSeconds(10);
                        pulling.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20);
                    })));
            }
            if (siloServices is not null)
                silo.ConfigureServices(siloServices);
        });
        if (providerOnClient)
            builder.ConfigureClient(client => client.AddRabbitMqStreams(TestStreams.Provider, o => CopyTo(options, o)));

        var noOutage = holdOffOutages ? await TestBroker.HoldOffOutagesAsync() : null;
        try
        {
            var cluster = builder.Build();
            await cluster.DeployAsync();
            return new StreamsCluster(cluster, options, noOutage);
        }
        catch
        {
            if (noOutage is not null)
                await noOutage.DisposeAsync();
            throw;
        }
    }

    public RabbitMqStreamsHealth Health(InProcessSiloHandle silo) =>
        silo.ServiceProvider.GetRequiredKeyedService<RabbitMqStreamsHealth>(TestStreams.Provider);

    public IEnumerable<string> QueueNames => Options.QueueNames.Append(Options.DeadLetterQueueName);

    /// <summary>Polls <paramref name="condition"/> until it holds or the time is up.</summary>
    public static Task WaitForAsync(Func<bool> condition, TimeSpan timeout) =>
        Eventually.HoldsAsync(() => Task.FromResult(condition()), timeout, "the awaited stream condition");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            try
            {
                await Cluster.DisposeAsync();
                await TestBroker.DeleteAsync(QueueNames, Options.PublicExchange);
            }
            finally
            {
                if (noOutage is not null)
                    await noOutage.DisposeAsync();
            }
        }
    }

    private static void CopyTo(RabbitMqStreamOptions source, RabbitMqStreamOptions target)
    {
        target.ConnectionString = source.ConnectionString;
        target.QueuePrefix = source.QueuePrefix;
        target.QueueCount = source.QueueCount;
        target.PrefetchCount = source.PrefetchCount;
        target.MaxDeliveryAttempts = source.MaxDeliveryAttempts;
        target.DeadLetterQueue = source.DeadLetterQueue;
        target.PublicExchange = source.PublicExchange;
        target.PublisherChannelCount = source.PublisherChannelCount;
        target.PublishTimeout = source.PublishTimeout;
        target.ReconnectMinBackoff = source.ReconnectMinBackoff;
        target.ReconnectMaxBackoff = source.ReconnectMaxBackoff;
    }
}
