using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>Fails silo and client start-up when a provider's settings cannot work.</summary>
internal sealed class RabbitMqStreamOptionsValidator(RabbitMqStreamOptions options, string providerName) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new OrleansConfigurationException(
                $"RabbitMQ stream provider '{providerName}': {string.Join(" ", problems)}");
    }

    public static IConfigurationValidator Create(IServiceProvider services, string providerName) =>
        new RabbitMqStreamOptionsValidator(services.GetOptionsByName<RabbitMqStreamOptions>(providerName), providerName);
}
