using MarketMicro.Silo.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketMicro.Silo.Health;

/// <summary>Healthy when the grain-state database answers a trivial query.</summary>
internal sealed class DatabaseHealthCheck(DatabaseSettings database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy(database.Describe());
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"{database.Describe()} is not reachable: {ex.GetType().Name}");
        }
    }
}
