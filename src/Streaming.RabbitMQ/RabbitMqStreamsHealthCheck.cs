using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>Unhealthy while the provider's broker connection is down (or not yet up), healthy otherwise.</summary>
public sealed class RabbitMqStreamsHealthCheck(RabbitMqStreamsHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = health.Snapshot();
        var result = health.IsConnected
            ? HealthCheckResult.Healthy($"RabbitMQ streams '{health.ProviderName}' connected", data)
            : new HealthCheckResult(context.Registration.FailureStatus,
                $"RabbitMQ streams '{health.ProviderName}' {health.State.ToString().ToLowerInvariant()}: {health.LastError}", data: data);
        return Task.FromResult(result);
    }
}

public static class RabbitMqStreamsHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check named <c>rabbitmq-streams-{providerName}</c> that is unhealthy while the stream provider
    /// <paramref name="providerName"/> (registered with <c>AddRabbitMqStreams</c>) has no broker connection.
    /// </summary>
    public static IHealthChecksBuilder AddRabbitMqStreams(this IHealthChecksBuilder builder, string providerName, params string[] tags) =>
        builder.Add(new HealthCheckRegistration(
            $"rabbitmq-streams-{providerName}",
            services => new RabbitMqStreamsHealthCheck(services.GetRequiredKeyedService<RabbitMqStreamsHealth>(providerName)),
            HealthStatus.Unhealthy,
            tags));
}
