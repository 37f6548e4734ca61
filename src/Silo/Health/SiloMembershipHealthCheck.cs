using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace MarketMicro.Silo.Health;

/// <summary>Healthy once this silo is an active member of the cluster.</summary>
internal sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails localSilo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {localSilo.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"silo {localSilo.SiloAddress} is {status}"));
    }
}
