using MarketMicro.Events;
using Orleans.Runtime;

namespace MarketMicro.Grains.Events;

/// <summary>
/// The order event streams: a fixed number of buckets, each order's events on its bucket's stream in the order they
/// happened. A stream per order cost a new consumer activation and a new stream registration in the pulling agent for
/// every order; a bucket's consumer stays active and only applies events. Each event carries its order.
/// </summary>
public static class OrderEventStreams
{
    public const int Buckets = 64;

    public static StreamId For(Guid orderId) => StreamId.Create(StreamNamespaces.Orders, KeyOf(orderId));

    /// <summary>The bucket's stream key (and its consumers' grain key): the Guid whose last byte is the bucket number.</summary>
    public static Guid KeyOf(Guid orderId) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)IdBuckets.Of(orderId, Buckets));
}
