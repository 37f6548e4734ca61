using MarketMicro.Grains.Projections;
using MarketMicro.Projections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketMicro.Silo.Projections;

/// <summary>
/// Every silo asks each projection's maintenance grain to catch up once the silo is active, then every
/// <see cref="ProjectionOptions.CatchUpInterval"/>. The grain is one activation cluster-wide, so extra silos only
/// join a pass already running; whichever silo survives keeps the projections converging. A per-silo view (a local
/// search replica) is caught up by this silo itself, for itself.
/// </summary>
internal sealed class ProjectionCatchUpLoop(
    IGrainFactory grains,
    IEnumerable<IProjection> projections,
    ProjectionPasses passes,
    IOptions<ProjectionOptions> options,
    ILogger<ProjectionCatchUpLoop> logger) : ActiveSiloTask
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAll(projections.Select(CatchUpAsync));
            await Task.Delay(options.Value.CatchUpInterval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task CatchUpAsync(IProjection projection)
    {
        try
        {
            if (projection.IsPerSilo)
            {
                await passes.CatchUpAsync(projection, cancellationToken: Stopping);
            }
            else
            {
                await grains.Reference<IProjectionMaintenanceGrain>(projection.Name).CatchUp();
            }
        }
        catch (TimeoutException)
        {
            logger.LogInformation("Projection {Projection}: catch-up still running; the next tick joins it", projection.Name);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Projection {Projection}: catch-up failed; retried in {Interval}", projection.Name, options.Value.CatchUpInterval);
        }
    }
}
