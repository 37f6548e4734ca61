using MarketMicro.Grains.Products;
using MarketMicro.Products;

namespace MarketMicro.Domain.Tests.Products;

public sealed class ProductRulesTests
{
    private static readonly ProductDetails Valid = new("Lamp", "Warm light", 19.99m, "Home", "https://example.com/lamp.jpg");

    public static TheoryData<string, ProductDetails> Broken => new()
    {
        { "name", Valid with { Name = "   " } },
        { "name", Valid with { Name = new string('n', ProductLimits.MaxName + 1) } },
        { "description", Valid with { Description = new string('d', ProductLimits.MaxDescription + 1) } },
        { "price", Valid with { Price = 0m } },
        { "price", Valid with { Price = -1m } },
        { "price", Valid with { Price = 1.999m } },
        { "price", Valid with { Price = Money.MaxPrice + 0.01m } },
        { "category", Valid with { Category = "" } },
        { "category", Valid with { Category = new string('c', ProductLimits.MaxCategory + 1) } },
        { "imageUrl", Valid with { ImageUrl = "ftp://example.com/a.jpg" } },
        { "imageUrl", Valid with { ImageUrl = "not a url" } },
        { "currency", Valid with { Currency = "usd" } },
        { "currency", Valid with { Currency = "EURO" } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void EachBrokenRuleNamesItsField(string field, ProductDetails details) =>
        Assert.Equal([field], Assert.Throws<ValidationException>(() => ProductRules.Validated(details)).Errors.Keys);

    [Fact]
    public void EveryBrokenRuleIsReportedAtOnce()
    {
        var errors = Assert.Throws<ValidationException>(() => ProductRules.Validated(Valid with { Name = "", Price = 0m, Category = "" })).Errors;
        Assert.Equal(["name", "price", "category"], errors.Keys);
    }

    [Fact]
    public void ValidDetailsComeBackTrimmed() =>
        Assert.Equal(Valid, ProductRules.Validated(Valid with { Name = " Lamp ", Description = "Warm light\n", Category = "\tHome" }));
}
