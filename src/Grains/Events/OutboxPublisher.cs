using MarketMicro.Events;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace MarketMicro.Grains.Events;

/// <summary>
/// Publishes the events a grain stored in its state (its outbox) with the change that caused them, in order, on the
/// grain's stream (a product's own, an order's bucket's). Remembers how many went out, so a published event is not sent
/// again by this activation; the grain drops them with <see cref="DropPublished"/> just before its next write. Events
/// that a crash kept from going out are still in the stored outbox and are published by the next activation (consumers
/// deduplicate).
/// </summary>
public sealed class OutboxPublisher(Grain grain, StreamId streamId)
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);
    private int published;
    private IGrainTimer? retry;
    private Task? publishing;

    public bool HasUnpublished(IReadOnlyList<ShopEvent> outbox) => published < outbox.Count;

    /// <summary>Whether events this activation published are still in the stored outbox.</summary>
    public bool HasPublished => published > 0;

    /// <summary>
    /// Publishes what is not out yet, in order. Calls that overlap (a reentrant grain, a retry timer) run one after
    /// another, so no event is sent twice by this activation and none is counted as sent without being sent.
    /// </summary>
    public Task PublishAsync(IReadOnlyList<ShopEvent> outbox) => publishing = PublishAfterAsync(publishing, outbox);

    private async Task PublishAfterAsync(Task? previous, IReadOnlyList<ShopEvent> outbox)
    {
        if (previous is { IsCompleted: false })
        {
            try
            {
                await previous;
            }
            catch (Exception)
            {
                // Its caller got the failure; this call tries the same events again.
            }
        }

        if (!HasUnpublished(outbox))
        {
            return;
        }

        var stream = grain.GetStreamProvider(ProviderNames.Streams).GetStream<ShopEvent>(streamId);
        while (published < outbox.Count)
        {
            await stream.OnNextAsync(outbox[published]);
            published++;
        }
    }

    /// <summary>
    /// Publishes, and when the stream provider cannot confirm (a broker outage) keeps the events and tries again every
    /// few seconds on a grain timer until they went out: the change is already stored, so the caller is not failed.
    /// </summary>
    public async Task PublishOrRetryLaterAsync(IReadOnlyList<ShopEvent> outbox, ILogger logger)
    {
        if (retry is not null)
        {
            // The stream is known to be down: the pending timer publishes these events too, and the caller does not
            // wait out another timeout (a busy product would otherwise stall every caller during an outage).
            return;
        }

        try
        {
            await PublishAsync(outbox);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "{Grain}: {Count} event(s) not published yet; retrying every {Period}", grain.GetGrainId(), outbox.Count - published, RetryPeriod);
            retry ??= grain.RegisterGrainTimer(async () =>
            {
                await PublishAsync(outbox);
                retry?.Dispose();
                retry = null;
            }, RetryPeriod, RetryPeriod);
        }
    }

    /// <summary>Removes the events already published from the outbox (call before writing the state).</summary>
    public void DropPublished(List<ShopEvent> outbox)
    {
        outbox.RemoveRange(0, published);
        published = 0;
    }
}
