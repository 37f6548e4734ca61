using MarketMicro.Events;
using Orleans.Runtime;

namespace MarketMicro.Grains.Events;

/// <summary>
/// The event streams: per namespace a fixed number of buckets, each order's or product's events on its bucket's stream
/// in the order they happened; each event carries its order or product. A stream per entity cost a new consumer
/// activation and a new stream registration in every pulling agent for each one (an import of 100,000 products left
/// 100,000 of each, and their cache entries); a bucket's consumer stays active and only applies events.
/// </summary>
public static class EventStreams
{
    public const int Buckets = 64;

    public static StreamId ForOrder(Guid orderId) => StreamId.Create(StreamNamespaces.Orders, KeyOf(orderId));

    public static StreamId ForProduct(Guid productId) => StreamId.Create(StreamNamespaces.Products, KeyOf(productId));

    /// <summary>The bucket's stream key (and its consumers' grain key): the Guid whose last byte is the bucket number.</summary>
    public static Guid KeyOf(Guid id) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)IdBuckets.Of(id, Buckets));
}
