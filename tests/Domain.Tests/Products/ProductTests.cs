using MarketMicro.Events;
using MarketMicro.Grains.Products;
using MarketMicro.Products;

namespace MarketMicro.Domain.Tests.Products;

public sealed class ProductTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly ProductDetails Lamp = new("  Desk Lamp ", "Warm light", 19.99m, " Home ", null);

    [Fact]
    public void CreatingRecordsProductChangedWithTheTrimmedDetails()
    {
        var product = new Product();
        var changed = Assert.IsType<ProductChanged>(product.Create(Guid.NewGuid(), Lamp, 5, Start));

        Assert.Equal(("Desk Lamp", "Home", 5, 1L), (changed.Product.Name, changed.Product.Category, changed.Product.OnHand, changed.Product.Version));
        Assert.True(product.IsLive);
        Assert.Single(product.Outbox);
    }

    [Fact]
    public void CreatingTwiceIsAConflict()
    {
        var product = Created(5);
        Assert.Throws<ConflictException>(() => product.Create(product.Id, Lamp, 5, Start));
    }

    [Fact]
    public void EveryChangeReadersSeeBumpsTheVersion()
    {
        var product = Created(5);
        product.Update(Lamp with { Price = 24.5m }, 7, expectedVersion: 1, Start.AddDays(1));
        product.ChangeInventory(new InventoryChange(null, -2), null, Start.AddDays(2));
        var deleted = Assert.IsType<ProductDeleted>(product.Delete(null, Start.AddDays(3)));

        Assert.Equal(4, product.Version);
        Assert.Equal(4, deleted.Version);
        Assert.Equal(["product.changed", "product.changed", "stock.changed", "product.deleted"], product.Outbox.Select(e => e.Type));
        Assert.Equal(5, product.Snapshot().OnHand);
    }

    [Fact]
    public void ADeletedProductTakesNoMoreChanges()
    {
        var product = Created(5);
        product.Delete(null, Start);

        Assert.Throws<NotFoundException>(() => product.Update(Lamp, 5, null, Start));
        Assert.Throws<NotFoundException>(() => product.Reserve(Guid.NewGuid(), 1));
        Assert.Throws<NotFoundException>(() => product.ChangeInventory(new InventoryChange(3, null), null, Start));
    }

    [Fact]
    public void InventoryTakesExactlyOneOfOnHandOrDelta()
    {
        var product = Created(5);
        Assert.Throws<ValidationException>(() => product.ChangeInventory(new InventoryChange(1, 1), null, Start));
        Assert.Throws<ValidationException>(() => product.ChangeInventory(new InventoryChange(null, null), null, Start));
        Assert.Equal(1, product.Version);
    }

    [Fact]
    public void AReservationIsStoredButPublishesNothingAndItsReleaseNeither()
    {
        var product = Created(5);
        var order = Guid.NewGuid();

        var (result, changed) = product.Reserve(order, 2);
        var (released, stockChanged) = product.Release(order, Start);

        Assert.True(result.Granted && changed && released);
        Assert.Equal(("Desk Lamp", 19.99m, 3), (result.Name, result.UnitPrice, result.Available));
        Assert.Null(stockChanged);
        Assert.Equal(1, product.Version);
    }

    [Fact]
    public void ACommittedSaleAndItsRestockEachPublishTheNewStock()
    {
        var product = Created(5);
        var order = Guid.NewGuid();
        product.Reserve(order, 2);

        var sold = Assert.IsType<StockChanged>(product.Commit(order, Start));
        Assert.Null(product.Commit(order, Start));
        var (_, restocked) = product.Release(order, Start);

        Assert.Equal(3, sold.Product.OnHand);
        Assert.Equal(5, Assert.IsType<StockChanged>(restocked).Product.OnHand);
    }

    [Fact]
    public void SalesStoredTogetherPublishOnlyTheNewestStockButKeepOtherEventsInOrder()
    {
        var product = Created(10);
        product.Outbox.Clear();
        product.Sell(Guid.NewGuid(), 1, Start);
        product.Sell(Guid.NewGuid(), 2, Start);
        product.Update(Lamp with { Price = 21m }, 7, expectedVersion: null, Start);
        product.Sell(Guid.NewGuid(), 3, Start);
        product.Sell(Guid.NewGuid(), 1, Start);

        product.CollapseStockChanges();

        Assert.Collection(product.Outbox,
            first => Assert.Equal(7, Assert.IsType<StockChanged>(first).Product.OnHand),
            second => Assert.IsType<ProductChanged>(second),
            third => Assert.Equal(product.Snapshot(), Assert.IsType<StockChanged>(third).Product));
    }

    [Fact]
    public void InvalidDetailsChangeNothing()
    {
        var product = Created(5);
        Assert.Throws<ValidationException>(() => product.Update(Lamp with { Price = 0m }, 9, null, Start));
        Assert.Equal((5, 19.99m, 1L), (product.Stock.OnHand, product.Details.Price, product.Version));
    }

    [Fact]
    public void AStaleFormCannotBringSoldUnitsBack()
    {
        var product = Created(10);
        var read = product.Snapshot();
        var order = Guid.NewGuid();
        product.Reserve(order, 3);
        product.Commit(order, Start);

        Assert.Throws<PreconditionRequiredException>(() => product.Update(read.Details, read.Available, null, Start));
        var stale = Assert.Throws<PreconditionFailedException>(() => product.Update(read.Details, read.Available, read.Version, Start));

        Assert.Equal(product.Version, stale.CurrentVersion);
        Assert.Equal(7, product.Stock.OnHand);
    }

    [Fact]
    public void AnUpdateWithoutAVersionKeepsTheStockAndReplacesTheDetails()
    {
        var product = Created(10);

        product.Update(Lamp with { Price = 21m }, 10, null, Start);

        Assert.Equal((21m, 10), (product.Details.Price, product.Stock.OnHand));
    }

    [Fact]
    public void AStockInAnUpdateIsWhatCanBeBoughtReservationsComeOnTop()
    {
        var product = Created(10);
        product.Reserve(Guid.NewGuid(), 4);

        product.Update(Lamp, 8, product.Version, Start);

        Assert.Equal((12, 8), (product.Stock.OnHand, product.Stock.Available));
    }

    [Fact]
    public void DeletingOrCountingStockAtAnotherVersionChangesNothing()
    {
        var product = Created(10);
        Assert.Throws<PreconditionFailedException>(() => product.Delete(7, Start));
        Assert.Throws<PreconditionFailedException>(() => product.ChangeInventory(new InventoryChange(3, null), 7, Start));
        Assert.Equal((false, 10, 1L), (product.Deleted, product.Stock.OnHand, product.Version));
    }

    private static Product Created(int onHand)
    {
        var product = new Product();
        product.Create(Guid.NewGuid(), Lamp, onHand, Start);
        return product;
    }
}
