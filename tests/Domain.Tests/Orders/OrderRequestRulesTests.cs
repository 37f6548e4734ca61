using MarketMicro.Carts;
using MarketMicro.Grains.Orders;
using MarketMicro.Orders;

namespace MarketMicro.Domain.Tests.Orders;

public sealed class OrderRequestRulesTests
{
    private static readonly Guid Lamp = Guid.NewGuid();

    [Fact]
    public void AnEmptyCartIsRefused() =>
        Assert.Equal("cart", Assert.Throws<ValidationException>(() => OrderRequestRules.Validate(Request(), maxLines: 5)).Field);

    [Fact]
    public void TooManyLinesAreRefused()
    {
        var lines = Enumerable.Range(0, 6).Select(_ => new RequestedLine(Guid.NewGuid(), 1)).ToArray();
        Assert.Equal("cart", Assert.Throws<ValidationException>(() => OrderRequestRules.Validate(Request(lines), maxLines: 5)).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(CartLimits.MaxQuantity + 1)]
    [InlineData(int.MaxValue)]
    public void AQuantityOutsideItsBoundsIsRefused(int quantity) =>
        Assert.Equal("quantity", Assert.Throws<ValidationException>(() => OrderRequestRules.Validate(Request(new RequestedLine(Lamp, quantity)), 5)).Field);

    [Fact]
    public void TheLimitAppliesToEachProductsTotalWithoutOverflowing()
    {
        var request = Request(new RequestedLine(Lamp, int.MaxValue), new RequestedLine(Lamp, int.MaxValue));
        Assert.Equal("quantity", Assert.Throws<ValidationException>(() => OrderRequestRules.Validate(request, 5)).Field);

        var split = Request(new RequestedLine(Lamp, CartLimits.MaxQuantity), new RequestedLine(Lamp, 1));
        Assert.Equal("quantity", Assert.Throws<ValidationException>(() => OrderRequestRules.Validate(split, 5)).Field);
    }

    [Fact]
    public void ALongShippingAddressIsRefused()
    {
        var request = Request(new RequestedLine(Lamp, 1)) with { ShippingAddress = new string('a', OrderRequestRules.MaxShippingAddressLength + 1) };
        Assert.Equal("shippingAddress", Assert.Throws<ValidationException>(() => OrderRequestRules.Validate(request, 5)).Field);
    }

    [Fact]
    public void MergingGivesOneLinePerProductInAStableOrder()
    {
        var desk = Guid.NewGuid();
        var merged = OrderRequestRules.MergeLines([new(desk, 1), new(Lamp, 2), new(desk, 3)]);
        Assert.Equal(new[] { new RequestedLine(desk, 4), new RequestedLine(Lamp, 2) }.OrderBy(l => l.ProductId), merged);
    }

    private static PlaceOrder Request(params RequestedLine[] lines) => new(Guid.NewGuid(), lines, null, null);
}
