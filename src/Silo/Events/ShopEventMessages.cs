using MarketMicro.Events;
using MarketMicro.Streaming.RabbitMQ;

namespace MarketMicro.Silo.Events;

/// <summary>Maps each shop event to its public JSON copy on the events exchange (see <see cref="PublicEvents"/>).</summary>
internal sealed class ShopEventMessages : IRabbitMqPublicMessageMapper
{
    public bool TryMap(object streamEvent, StreamId streamId, out RabbitMqPublicMessage message)
    {
        if (streamEvent is not ShopEvent shopEvent)
        {
            message = null!;
            return false;
        }

        message = new RabbitMqPublicMessage(
            shopEvent.Type,
            shopEvent.Id.ToString(),
            shopEvent.Type,
            new DateTimeOffset(DateTime.SpecifyKind(shopEvent.OccurredAt, DateTimeKind.Utc)),
            PublicEvents.Serialize(shopEvent),
            PublicEvents.ContentType);
        return true;
    }
}
