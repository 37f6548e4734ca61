using System.Text.Json.Serialization;

namespace MarketMicro.Products;

/// <summary>
/// A product as readers see it. <see cref="OnHand"/> is on the shelf, <see cref="Reserved"/> is held by orders being
/// placed, and <see cref="Available"/> (what the HTTP contract calls <c>stock</c>) is what can be bought now.
/// </summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Products.ProductSnapshot")]
public sealed record ProductSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ProductDetails Details,
    [property: Id(2)] int OnHand,
    [property: Id(3)] int Reserved,
    [property: Id(4)] DateTime CreatedAt,
    [property: Id(5)] DateTime UpdatedAt,
    [property: Id(6)] bool Deleted,
    [property: Id(7)] long Version)
{
    [JsonIgnore]
    public string Name => Details.Name;

    [JsonIgnore]
    public string Description => Details.Description;

    [JsonIgnore]
    public decimal Price => Details.Price;

    [JsonIgnore]
    public string Currency => Details.Currency;

    [JsonIgnore]
    public string Category => Details.Category;

    [JsonIgnore]
    public string? ImageUrl => Details.ImageUrl;

    [JsonIgnore]
    public int Available => Math.Max(0, OnHand - Reserved);

    [JsonIgnore]
    public bool InStock => !Deleted && Available > 0;

    /// <summary>What a search index needs of a deleted product: its id and the version of the deletion (newest wins).</summary>
    public static ProductSnapshot Removed(Guid id, long version) =>
        new(id, new ProductDetails(string.Empty, string.Empty, 0m, string.Empty, null), 0, 0, default, default, Deleted: true, version);
}
