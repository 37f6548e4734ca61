namespace MarketMicro.Events;

/// <summary>Stream namespaces; the stream key is the entity's id (order id, product id).</summary>
public static class StreamNamespaces
{
    public const string Orders = "orders";
    public const string Products = "products";
}
