using MarketMicro.Events;
using MarketMicro.Products;

namespace MarketMicro.Grains.Products;

[GenerateSerializer, Alias("MarketMicro.Grains.Products.ProductState")]
public sealed class ProductState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public bool Deleted { get; set; }

    [Id(2)] public ProductDraft Details { get; set; } = new(string.Empty, string.Empty, 0m, string.Empty, 0, null);

    [Id(3)] public ProductStock Stock { get; set; } = new();

    [Id(4)] public DateTime CreatedAt { get; set; }

    [Id(5)] public DateTime UpdatedAt { get; set; }

    [Id(6)] public long Version { get; set; }

    /// <summary>Events stored with the change that caused them; those already published are dropped at the next write.</summary>
    [Id(7)] public List<ShopEvent> Outbox { get; set; } = [];
}
