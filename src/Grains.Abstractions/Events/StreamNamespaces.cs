namespace MarketMicro.Events;

/// <summary>
/// Stream namespaces. An order's or a product's events go on the stream of its bucket in the namespace (EventStreams in
/// the grains).
/// </summary>
public static class StreamNamespaces
{
    public const string Orders = "orders";
    public const string Products = "products";
}
