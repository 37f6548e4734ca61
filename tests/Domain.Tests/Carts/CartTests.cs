using MarketMicro.Carts;
using MarketMicro.Grains.Carts;
using MarketMicro.Products;

namespace MarketMicro.Domain.Tests.Carts;

public sealed class CartTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
    private readonly Guid lamp = Guid.NewGuid();

    [Fact]
    public void AddingToALineAddsToItsQuantity()
    {
        var cart = new Cart();
        cart.SetLine(lamp, cart.QuantityAfterAdding(lamp, 2), Product(lamp, available: 10));

        Assert.Equal(5, cart.QuantityAfterAdding(lamp, 3));
    }

    [Fact]
    public void TheLineLimitAppliesToTheTotalNotToEachAdd()
    {
        var cart = new Cart();
        cart.SetLine(lamp, cart.QuantityAfterAdding(lamp, CartLimits.MaxQuantity), Product(lamp, available: int.MaxValue));

        Assert.Equal("quantity", Assert.Throws<ValidationException>(() => cart.QuantityAfterAdding(lamp, 1)).Field);
        Assert.Equal("quantity", Assert.Throws<ValidationException>(() => cart.QuantityAfterAdding(lamp, CartLimits.MaxQuantity)).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(CartLimits.MaxQuantity + 1)]
    [InlineData(int.MaxValue)]
    public void AnAddOutsideItsBoundsIsRefused(int quantity) =>
        Assert.Equal("quantity", Assert.Throws<ValidationException>(() => new Cart().QuantityAfterAdding(lamp, quantity)).Field);

    [Fact]
    public void ACartHoldsAtMostTheLineLimitOfProducts()
    {
        var cart = new Cart();
        for (var i = 0; i < CartLimits.MaxLines; i++)
        {
            var id = Guid.NewGuid();
            cart.SetLine(id, 1, Product(id, available: 1));
        }

        Assert.Equal("productId", Assert.Throws<ValidationException>(() => cart.QuantityAfterAdding(lamp, 1)).Field);
        Assert.Equal(2, cart.QuantityAfterAdding(cart.Lines[0].ProductId, 1));
    }

    [Fact]
    public void AProductThatIsGoneOrShortIsRefused()
    {
        var cart = new Cart();
        Assert.Throws<NotFoundException>(() => cart.SetLine(lamp, 1, null));
        var conflict = Assert.Throws<ConflictException>(() => cart.SetLine(lamp, 3, Product(lamp, available: 2)));
        Assert.Equal([lamp.ToString()], conflict.Items);
        Assert.Empty(cart.Lines);
    }

    [Fact]
    public void SettingAQuantityNeedsTheLineAndZeroIsAllowed()
    {
        var cart = new Cart();
        Assert.Throws<NotFoundException>(() => cart.EnsureCanSet(lamp, 1));
        cart.SetLine(lamp, 1, Product(lamp, available: 5));

        cart.EnsureCanSet(lamp, 0);
        Assert.Throws<ValidationException>(() => cart.EnsureCanSet(lamp, -1));
    }

    [Fact]
    public void ACheckoutEmptiesTheCartOnlyOnceTheOrderExistsAndRemembersItsKey()
    {
        var cart = WithLamp();
        var orderId = Guid.NewGuid();

        var request = cart.BeginCheckout(Guid.NewGuid(), orderId, "key-1", "1 Main St", "a@example.com");
        Assert.Single(cart.Lines);
        Assert.Equal(request, cart.Pending?.Request);

        cart.CompleteCheckout(Now);

        Assert.Empty(cart.Lines);
        Assert.Null(cart.Pending);
        Assert.Equal(orderId, cart.OrderPlacedWith("key-1"));
        Assert.Null(cart.OrderPlacedWith("key-2"));
    }

    [Fact]
    public void ARefusedCheckoutKeepsTheLines()
    {
        var cart = WithLamp();
        cart.BeginCheckout(Guid.NewGuid(), Guid.NewGuid(), null, null, null);

        cart.AbandonCheckout();

        Assert.Single(cart.Lines);
        Assert.Null(cart.Pending);
    }

    [Fact]
    public void AnEmptyCartCannotCheckOut() =>
        Assert.Equal("cart", Assert.Throws<ValidationException>(() => new Cart().BeginCheckout(Guid.NewGuid(), Guid.NewGuid(), null, null, null)).Field);

    [Fact]
    public void OnlyTheMostRecentKeyedCheckoutsAreRemembered()
    {
        var cart = new Cart();
        for (var i = 0; i <= Cart.RememberedCheckouts; i++)
        {
            cart.SetLine(lamp, 1, Product(lamp, available: 1));
            cart.BeginCheckout(Guid.NewGuid(), Guid.NewGuid(), $"key-{i}", null, null);
            cart.CompleteCheckout(Now);
        }

        Assert.Equal(Cart.RememberedCheckouts, cart.Checkouts.Count);
        Assert.Null(cart.OrderPlacedWith("key-0"));
        Assert.NotNull(cart.OrderPlacedWith($"key-{Cart.RememberedCheckouts}"));
    }

    private Cart WithLamp()
    {
        var cart = new Cart();
        cart.SetLine(lamp, 2, Product(lamp, available: 5));
        return cart;
    }

    private static ProductSnapshot Product(Guid id, int available) =>
        new(id, new ProductDetails("Lamp", "Warm light", 19.99m, "Home", null), available, 0, Now, Now, false, 1);
}
