using MarketMicro.Grains.Products;
using MarketMicro.Products;

namespace MarketMicro.Domain.Tests.Products;

public sealed class ProductStockTests
{
    private readonly Guid order = Guid.NewGuid();

    [Fact]
    public void AReservationHoldsUnitsWithoutTakingThemOffTheShelf()
    {
        var stock = ProductStock.WithOnHand(10);

        Assert.True(stock.TryReserve(order, 4));

        Assert.Equal((10, 4, 6), (stock.OnHand, stock.Reserved, stock.Available));
    }

    [Fact]
    public void AReservationBeyondWhatIsAvailableHoldsNothing()
    {
        var stock = ProductStock.WithOnHand(3);
        Assert.True(stock.TryReserve(Guid.NewGuid(), 2));

        Assert.False(stock.TryReserve(order, 2));

        Assert.Equal(1, stock.Available);
        Assert.False(stock.Reservations.ContainsKey(order));
    }

    [Fact]
    public void ReservingAgainForTheSameOrderHoldsNothingMoreAndAnotherQuantityIsAConflict()
    {
        var stock = ProductStock.WithOnHand(10);
        stock.TryReserve(order, 4);

        Assert.True(stock.TryReserve(order, 4));
        Assert.Equal(4, stock.Reserved);
        Assert.Throws<ConflictException>(() => stock.TryReserve(order, 5));
    }

    [Fact]
    public void CommitTakesTheUnitsOffTheShelfOnceAndARepeatChangesNothing()
    {
        var stock = ProductStock.WithOnHand(10);
        stock.TryReserve(order, 4);

        Assert.True(stock.Commit(order));
        Assert.False(stock.Commit(order));

        Assert.Equal((6, 0, 6), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.True(stock.TryReserve(order, 4), "a sold order's reservation is granted again without holding more");
        Assert.Equal(0, stock.Reserved);
    }

    [Fact]
    public void ASaleTakesTheUnitsOffTheShelfAtOnceAndARepeatTakesNothingMore()
    {
        var stock = ProductStock.WithOnHand(10);

        Assert.True(stock.TrySell(order, 4));
        Assert.True(stock.TrySell(order, 4));

        Assert.Equal((6, 0, 6), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.Equal(4, stock.Sales[order]);
    }

    [Fact]
    public void ASaleBeyondWhatIsAvailableTakesNothingAndAReleasedSaleIsRestocked()
    {
        var stock = ProductStock.WithOnHand(3);
        var other = Guid.NewGuid();

        Assert.False(stock.TrySell(order, 4));
        Assert.True(stock.TrySell(other, 3));
        Assert.False(stock.TrySell(order, 1));
        Assert.True(stock.Release(other));

        Assert.Equal((3, 0, 3), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.Empty(stock.Sales);
    }

    [Fact]
    public void AReservationLeftByAnOrderBeingPlacedBecomesItsSale()
    {
        var stock = ProductStock.WithOnHand(10);
        stock.TryReserve(order, 4);

        Assert.True(stock.TrySell(order, 4));

        Assert.Equal((6, 0), (stock.OnHand, stock.Reserved));
        Assert.Equal(4, stock.Sales[order]);
    }

    [Fact]
    public void CommitWithoutAReservationIsAConflict() =>
        Assert.Throws<ConflictException>(() => ProductStock.WithOnHand(10).Commit(order));

    [Fact]
    public void ReleaseDropsAReservationOrRestocksASaleExactlyOnce()
    {
        var stock = ProductStock.WithOnHand(10);
        stock.TryReserve(order, 4);
        Assert.True(stock.Release(order));
        Assert.Equal((10, 0), (stock.OnHand, stock.Reserved));

        stock.TryReserve(order, 4);
        stock.Commit(order);
        Assert.True(stock.Release(order));
        Assert.False(stock.Release(order));
        Assert.Equal(10, stock.OnHand);
    }

    [Fact]
    public void ASettledSaleCanNoLongerBeRestocked()
    {
        var stock = ProductStock.WithOnHand(10);
        stock.TryReserve(order, 4);
        stock.Commit(order);

        Assert.True(stock.Settle(order));
        Assert.False(stock.Release(order));
        Assert.Equal(6, stock.OnHand);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ProductLimits.MaxStock + 1L)]
    [InlineData(int.MaxValue)]
    [InlineData(long.MaxValue)]
    public void OnHandOutsideItsBoundsIsAValidationError(long onHand)
    {
        var stock = ProductStock.WithOnHand(5);
        Assert.Equal("stock", Assert.Throws<ValidationException>(() => stock.SetOnHand(onHand)).Field);
        Assert.Equal(5, stock.OnHand);
    }

    [Fact]
    public void OnHandCannotGoBelowWhatIsReserved()
    {
        var stock = ProductStock.WithOnHand(10);
        stock.TryReserve(order, 6);

        Assert.Throws<ConflictException>(() => stock.SetOnHand(5));
        Assert.Throws<ConflictException>(() => stock.Adjust(-5));
        stock.SetOnHand(6);
        Assert.Equal(0, stock.Available);
    }

    [Fact]
    public void AdjustingNeverOverflowsNorGoesBelowZero()
    {
        var stock = ProductStock.WithOnHand(ProductLimits.MaxStock);

        Assert.Equal("delta", Assert.Throws<ValidationException>(() => stock.Adjust(int.MaxValue)).Field);
        Assert.Throws<ConflictException>(() => ProductStock.WithOnHand(3).Adjust(int.MinValue));
        Assert.Equal(ProductLimits.MaxStock, stock.OnHand);
    }

    [Fact]
    public void ARestockAfterTheStockWasSetToTheMaximumNeverGoesNegative()
    {
        var stock = ProductStock.WithOnHand(ProductLimits.MaxStock);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        stock.TryReserve(first, ProductLimits.MaxStock);
        stock.Commit(first);
        stock.SetOnHand(ProductLimits.MaxStock);
        stock.TryReserve(second, ProductLimits.MaxStock);
        stock.Commit(second);
        stock.SetOnHand(ProductLimits.MaxStock);

        stock.Release(first);
        stock.Release(second);

        Assert.Equal(int.MaxValue, stock.OnHand);
        Assert.True(stock.Available > 0);
    }

    [Fact]
    public void ReceivedCountsTheInitialStockAndEveryAdjustmentButNoReservationSaleOrRestock()
    {
        var stock = ProductStock.WithOnHand(10);
        stock.TryReserve(order, 3);
        stock.Commit(order);
        var other = Guid.NewGuid();
        stock.TryReserve(other, 2);

        stock.Adjust(5);
        stock.SetOnHand(20);
        stock.SetAvailable(4);

        Assert.Equal((6, 10 + 5 + 8 - 14), (stock.OnHand, stock.Received));
        Assert.Equal(stock.Received, stock.OnHand + 3);
        stock.Release(order);
        stock.Release(other);
        Assert.Equal((9L, 9), (stock.Received!.Value, stock.OnHand));
    }

    [Fact]
    public void ASettledSaleStaysSoldInTheReceivedBalance()
    {
        var stock = ProductStock.WithOnHand(10);
        stock.TryReserve(order, 4);
        stock.Commit(order);

        stock.Settle(order);
        stock.Release(order);

        Assert.Equal((10L, 6), (stock.Received!.Value, stock.OnHand));
    }

    [Fact]
    public void StockStoredBeforeTheCounterKeepsAnUnknownHistory()
    {
        var stock = new ProductStock();

        stock.SetOnHand(7);
        stock.Adjust(2);

        Assert.Null(stock.Received);
    }
}
