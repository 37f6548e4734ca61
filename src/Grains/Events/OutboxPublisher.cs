using MarketMicro.Events;
using Orleans.Runtime;

namespace MarketMicro.Grains.Events;

/// <summary>
/// Publishes the events a grain stored in its state (its outbox) with the change that caused them, in order, on the
/// grain's own stream. Remembers how many went out, so a published event is not sent again by this activation; the
/// grain drops them with <see cref="DropPublished"/> just before its next write. Events that a crash kept from going
/// out are still in the stored outbox and are published by the next activation (consumers deduplicate).
/// </summary>
public sealed class OutboxPublisher(Grain grain, string streamNamespace)
{
    private int published;

    public bool HasUnpublished(IReadOnlyList<ShopEvent> outbox) => published < outbox.Count;

    /// <summary>Whether events this activation published are still in the stored outbox.</summary>
    public bool HasPublished => published > 0;

    public async Task PublishAsync(IReadOnlyList<ShopEvent> outbox)
    {
        if (!HasUnpublished(outbox))
        {
            return;
        }

        var stream = grain.GetStreamProvider(ProviderNames.Streams)
            .GetStream<ShopEvent>(StreamId.Create(streamNamespace, grain.GetPrimaryKey()));
        while (published < outbox.Count)
        {
            await stream.OnNextAsync(outbox[published]);
            published++;
        }
    }

    /// <summary>Removes the events already published from the outbox (call before writing the state).</summary>
    public void DropPublished(List<ShopEvent> outbox)
    {
        outbox.RemoveRange(0, published);
        published = 0;
    }
}
