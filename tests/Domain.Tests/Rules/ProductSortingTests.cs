using MarketMicro.Search;

namespace MarketMicro.Domain.Tests.Rules;

public sealed class ProductSortingTests
{
    [Theory]
    [InlineData(null, null, ProductSort.Newest)]
    [InlineData("", "lamp", ProductSort.Relevance)]
    [InlineData("PRICE_ASC", null, ProductSort.PriceAsc)]
    [InlineData("price_desc", "lamp", ProductSort.PriceDesc)]
    [InlineData("name", null, ProductSort.Name)]
    public void NamesAndDefaultsParse(string? name, string? text, ProductSort expected)
    {
        Assert.True(ProductSorting.TryParse(name, text, out var sort));
        Assert.Equal(expected, sort);
    }

    [Theory]
    [InlineData("cheapest")]
    [InlineData("price asc")]
    [InlineData("1")]
    public void UnknownNamesAreRefused(string name) => Assert.False(ProductSorting.TryParse(name, null, out _));

    [Fact]
    public void EverySortEndsWithTheIdSoPagesNeverOverlap()
    {
        foreach (var sort in Enum.GetValues<ProductSort>())
        {
            var keys = ProductSorting.KeysFor(new ProductQuery("lamp", null, null, null, null, sort, 0, 10));
            Assert.Equal(new ProductSortKey(ProductSortField.Id, Descending: false), keys[^1]);
        }
    }

    [Fact]
    public void RelevanceWithoutTextFallsBackToNewest()
    {
        var keys = ProductSorting.KeysFor(new ProductQuery(" ", null, null, null, null, ProductSort.Relevance, 0, 10));
        Assert.Equal(new ProductSortKey(ProductSortField.CreatedAt, Descending: true), keys[0]);
    }
}
