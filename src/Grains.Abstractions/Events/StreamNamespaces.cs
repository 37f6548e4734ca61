namespace MarketMicro.Events;

/// <summary>
/// Stream namespaces. A product's events go on its own stream (the key is the product id); an order's events go on the
/// stream of its bucket (OrderEventStreams in the grains).
/// </summary>
public static class StreamNamespaces
{
    public const string Orders = "orders";
    public const string Products = "products";
}
