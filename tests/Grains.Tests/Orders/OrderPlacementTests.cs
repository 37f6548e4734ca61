using MarketMicro.Carts;
using MarketMicro.Orders;
using MarketMicro.Products;
using MarketMicro.Users;

namespace MarketMicro.Grains.Tests.Orders;

public sealed class OrderPlacementOnSqliteTests(ShopClusterFixture fixture) : OrderPlacementTests, IClassFixture<ShopClusterFixture>
{
    protected override ShopCluster Shop => fixture.Shop;
}

public sealed class OrderPlacementOnMariaDbTests(MariaDbShopClusterFixture fixture) : OrderPlacementTests, IClassFixture<MariaDbShopClusterFixture>
{
    protected override ShopCluster Shop => fixture.Shop;
}

/// <summary>Placement rules, run on a two-silo cluster on each storage the shop supports.</summary>
public abstract class OrderPlacementTests
{
    protected abstract ShopCluster Shop { get; }

    [Fact]
    public Task HundredConcurrentCheckoutsForThirtyUnitsPlaceExactlyThirtyOrders() => AssertBuyersOfOneUnitSellOutExactlyAsync(buyers: 100, stock: 30);

    [Fact]
    public Task AFlashSaleOfAThousandBuyersForFiveHundredUnitsSellsExactlyFiveHundred() => AssertBuyersOfOneUnitSellOutExactlyAsync(buyers: 1000, stock: 500);

    [Fact]
    public async Task MultiLineOrdersOverOverlappingProductsAreAllOrNothing()
    {
        var products = new[] { await Shop.CreateProductAsync(5), await Shop.CreateProductAsync(5), await Shop.CreateProductAsync(5) };
        var random = new Random(42);
        var baskets = Enumerable.Range(0, 40)
            .Select(_ => products.Where(_ => random.Next(3) > 0).Select(p => (Product: p, Quantity: random.Next(1, 3))).ToList())
            .Where(basket => basket.Count > 0)
            .ToList();
        var carts = new List<(ICartGrain Cart, List<(Guid Product, int Quantity)> Basket)>();
        foreach (var basket in baskets)
        {
            var cart = Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
            foreach (var (product, quantity) in basket)
            {
                await cart.Add(product, quantity);
            }

            carts.Add((cart, basket));
        }

        var placed = await Task.WhenAll(carts.Select(async c => (c.Basket, Placed: await TryCheckoutAsync(c.Cart))));

        foreach (var product in products)
        {
            var sold = placed.Where(p => p.Placed).SelectMany(p => p.Basket).Where(line => line.Product == product).Sum(line => line.Quantity);
            var after = await Shop.ProductAsync(product);
            Assert.Equal(5 - sold, after.OnHand);
            Assert.True(after.OnHand >= 0);
            Assert.Equal(0, after.Reserved);
        }
    }

    [Fact]
    public async Task RacingCheckoutsWithOneIdempotencyKeyReturnTheFirstOrderAndReserveOnce()
    {
        var product = await Shop.CreateProductAsync(stock: 10);
        var cart = Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await cart.Add(product, 2);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => cart.Checkout("key-1", null, null)));

        Assert.Single(results.Select(r => r.Order.Id).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Equal(8, (await Shop.ProductAsync(product)).OnHand);
    }

    [Fact]
    public async Task DoubleSubmitWithoutKeyCreatesOneOrderFromOneCart()
    {
        var product = await Shop.CreateProductAsync(stock: 10);
        var cart = Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await cart.Add(product, 3);

        var outcomes = await Task.WhenAll(TryCheckoutAsync(cart), TryCheckoutAsync(cart));

        Assert.Equal(1, outcomes.Count(placed => placed));
        Assert.Equal(7, (await Shop.ProductAsync(product)).OnHand);
    }

    [Fact]
    public async Task PlaceOrderReleasesEveryReservationWhenOneLineIsShort()
    {
        var plenty = await Shop.CreateProductAsync(stock: 10);
        var scarce = await Shop.CreateProductAsync(stock: 1);
        var cart = Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await cart.Add(plenty, 4);
        await cart.Add(scarce, 1);
        var rival = Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await rival.Add(scarce, 1);
        await rival.Checkout(null, null, null);

        var refusal = await Assert.ThrowsAsync<ConflictException>(() => cart.Checkout(null, null, null));

        Assert.Equal([scarce.ToString()], refusal.Items);
        var after = await Shop.ProductAsync(plenty);
        Assert.Equal(10, after.OnHand);
        Assert.Equal(0, after.Reserved);
        Assert.Equal(2, (await cart.Get()).Items.Count);
    }

    [Fact]
    public async Task AnOrderWithOneShortLineReleasesWhatItsOtherLinesTookAndIsRefusedAgainAlike()
    {
        // Straight to the order, past the cart's refusal of what it reads as sold out: the saga's own refusal.
        var plenty = await Shop.CreateProductAsync(stock: 10);
        var scarce = await Shop.CreateProductAsync(stock: 1);
        var order = Shop.Client.GetGrain<IOrderGrain>(Guid.NewGuid());
        var request = new PlaceOrder(Guid.NewGuid(), [new RequestedLine(plenty, 4), new RequestedLine(scarce, 2)], null, "buyer@example.com");

        var refusal = await Assert.ThrowsAsync<ConflictException>(() => order.Place(request));
        var again = await Assert.ThrowsAsync<ConflictException>(() => order.Place(request));

        Assert.Equal([scarce.ToString()], refusal.Items);
        Assert.Equal(refusal.Items, again.Items);
        var after = await Shop.ProductAsync(plenty);
        Assert.Equal(10, after.OnHand);
        Assert.Equal(0, after.Reserved);
        Assert.Equal(1, (await Shop.ProductAsync(scarce)).OnHand);
        Assert.Null(await order.Get());
    }

    [Fact]
    public async Task PlacedOrderFreezesPricesEmptiesTheCartAndIsListedForTheUser()
    {
        var product = await Shop.CreateProductAsync(stock: 5, price: 19.99m, name: "Lamp");
        var userId = Guid.NewGuid();
        var cart = Shop.Client.GetGrain<ICartGrain>(userId);
        await cart.Add(product, 2);

        var (order, created) = await cart.Checkout(null, "1 Main St", "buyer@example.com");
        var current = await Shop.ProductAsync(product);
        await Shop.Client.GetGrain<IProductGrain>(product)
            .Update(new ProductDetails(current.Name, current.Description, 25m, current.Category, null), current.OnHand);

        Assert.True(created);
        Assert.Equal(OrderStatus.Placed, order.Status);
        Assert.Equal(39.98m, order.Total);
        Assert.Empty((await cart.Get()).Items);
        var reread = await Shop.Client.GetGrain<IOrderGrain>(order.Id).Get();
        Assert.Equal(39.98m, reread!.Total);
        var list = await Shop.Client.GetGrain<IUserGrain>(userId).ListOrders(0, 10);
        Assert.Equal([order.Id], list.OrderIds);
    }

    /// <summary>
    /// The buyer's list holds the orders the cart placed, newest first, after those that recorded themselves with the
    /// user before carts listed them; a replayed key and a refused checkout add nothing.
    /// </summary>
    [Fact]
    public async Task TheBuyersListHoldsWhatTheCartPlacedNewestFirstAfterOrdersRecordedWithTheUserBefore()
    {
        var (plenty, scarce) = (await Shop.CreateProductAsync(stock: 5), await Shop.CreateProductAsync(stock: 1));
        var userId = Guid.NewGuid();
        var user = Shop.Client.GetGrain<IUserGrain>(userId);
        var recordedBefore = Guid.NewGuid();
        await user.RecordOrder(recordedBefore);
        var cart = Shop.Client.GetGrain<ICartGrain>(userId);
        await cart.Add(plenty, 1);
        var first = (await cart.Checkout("first", null, null)).Order;
        await cart.Add(plenty, 1);
        var second = (await cart.Checkout("second", null, null)).Order;
        Assert.False((await cart.Checkout("first", null, null)).Created);

        await cart.Add(scarce, 1);
        var rival = Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await rival.Add(scarce, 1);
        await rival.Checkout(null, null, null);
        await Assert.ThrowsAsync<ConflictException>(() => cart.Checkout(null, null, null));

        var page = await user.ListOrders(0, 10);
        Assert.Equal([second.Id, first.Id, recordedBefore], page.OrderIds);
        Assert.Equal(3, page.Total);
        Assert.Equal([first.Id], (await user.ListOrders(1, 1)).OrderIds);
        Assert.Equal([first.Id, second.Id], await cart.PlacedOrders());
    }

    [Fact]
    public async Task EmptyCartCheckoutIsRefused()
    {
        var cart = Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        var error = await Assert.ThrowsAsync<ValidationException>(() => cart.Checkout(null, null, null));
        Assert.Equal("cart", error.Field);
    }

    /// <summary>Every buyer wants one unit of the same product at once: exactly the stock is sold, nothing stays held.</summary>
    private async Task AssertBuyersOfOneUnitSellOutExactlyAsync(int buyers, int stock)
    {
        var product = await Shop.CreateProductAsync(stock: stock);
        var carts = Enumerable.Range(0, buyers).Select(_ => Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid())).ToList();
        await Task.WhenAll(carts.Select(cart => cart.Add(product, 1)));

        var outcomes = await Task.WhenAll(carts.Select(cart => TryCheckoutAsync(cart)));

        Assert.Equal(stock, outcomes.Count(placed => placed));
        var after = await Shop.ProductAsync(product);
        Assert.Equal(0, after.OnHand);
        Assert.Equal(0, after.Reserved);
    }

    private static async Task<bool> TryCheckoutAsync(ICartGrain cart)
    {
        try
        {
            await cart.Checkout(null, null, null);
            return true;
        }
        catch (ConflictException)
        {
            return false;
        }
        catch (ValidationException)
        {
            return false;
        }
    }
}
