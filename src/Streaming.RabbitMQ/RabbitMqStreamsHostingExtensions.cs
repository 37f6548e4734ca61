using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;

namespace MarketMicro.Streaming.RabbitMQ;

public static class RabbitMqStreamsHostingExtensions
{
    /// <summary>Pulling-agent defaults for this provider: short read period for latency, bounded delivery retries.</summary>
    public static readonly TimeSpan DefaultGetQueueMessagesPeriod = TimeSpan.FromMilliseconds(25);
    public static readonly TimeSpan DefaultMaxEventDeliveryTime = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds the persistent stream provider <paramref name="name"/> on RabbitMQ. <paramref name="configureProvider"/>
    /// may adjust Orleans' side of it (pulling agent, cache size, queue balancer); it runs after this provider's defaults.
    /// </summary>
    public static ISiloBuilder AddRabbitMqStreams(this ISiloBuilder builder, string name, Action<RabbitMqStreamOptions> configure,
        Action<ISiloPersistentStreamConfigurator>? configureProvider = null)
    {
        builder.ConfigureServices(services => AddProviderServices(services, name, configure));
        builder.AddPersistentStreams(name, RabbitMqQueueAdapterFactory.Create, configurator =>
        {
            configurator.ConfigureComponent(RabbitMqStreamOptionsValidator.Create);
            configurator.ConfigurePullingAgent(pullingAgent => pullingAgent.Configure(agent =>
            {
                agent.GetQueueMsgsTimerPeriod = DefaultGetQueueMessagesPeriod;
                agent.MaxEventDeliveryTime = DefaultMaxEventDeliveryTime;
            }));
            configureProvider?.Invoke(configurator);
        });
        return builder;
    }

    /// <summary>Adds the producer side of the provider <paramref name="name"/> to an external Orleans client.</summary>
    public static IClientBuilder AddRabbitMqStreams(this IClientBuilder builder, string name, Action<RabbitMqStreamOptions> configure)
    {
        builder.ConfigureServices(services => AddProviderServices(services, name, configure));
        builder.AddPersistentStreams(name, RabbitMqQueueAdapterFactory.Create,
            configurator => configurator.ConfigureComponent(RabbitMqStreamOptionsValidator.Create));
        return builder;
    }

    private static void AddProviderServices(IServiceCollection services, string name, Action<RabbitMqStreamOptions> configure)
    {
        services.AddOptions<RabbitMqStreamOptions>(name).Configure(configure);
        services.TryAddKeyedSingleton(name, (_, key) => new RabbitMqStreamsHealth((string)key!));
    }
}
