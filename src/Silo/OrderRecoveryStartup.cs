using MarketMicro.Orders;
using Microsoft.Extensions.Logging;

namespace MarketMicro.Silo;

/// <summary>
/// Once the silo is active, makes sure the order recovery sweep's reminder is registered
/// (<see cref="IOrderRecoveryGrain.StartSweeping"/>): orders no longer register anything themselves, so a shop that
/// crashed with orders still owing work has them finished even if no order is ever placed again. Every silo asks; the
/// grain registers once. Tried again every few seconds until it succeeds (the reminder table may not answer yet).
/// </summary>
internal sealed class OrderRecoveryStartup(IGrainFactory grains, ILogger<OrderRecoveryStartup> logger) : ActiveSiloTask
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await grains.Reference<IOrderRecoveryGrain>(IOrderRecoveryGrain.StoredSweepBucket).StartSweeping();
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The order recovery sweep is not registered yet; trying again in {Delay}", RetryDelay);
            }

            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
