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
        product.Update(Lamp with { Price = 24.5m }, 7, Start.AddDays(1));
        product.ChangeInventory(new InventoryChange(null, -2), Start.AddDays(2));
        var deleted = Assert.IsType<ProductDeleted>(product.Delete(Start.AddDays(3)));

        Assert.Equal(4, product.Version);
        Assert.Equal(4, deleted.Version);
        Assert.Equal(["product.changed", "product.changed", "product.stock-changed", "product.deleted"], product.Outbox.Select(e => e.Type));
        Assert.Equal(5, product.Snapshot().OnHand);
    }

    [Fact]
    public void ADeletedProductTakesNoMoreChanges()
    {
        var product = Created(5);
        product.Delete(Start);

        Assert.Throws<NotFoundException>(() => product.Update(Lamp, 5, Start));
        Assert.Throws<NotFoundException>(() => product.Reserve(Guid.NewGuid(), 1));
        Assert.Throws<NotFoundException>(() => product.ChangeInventory(new InventoryChange(3, null), Start));
    }

    [Fact]
    public void InventoryTakesExactlyOneOfOnHandOrDelta()
    {
        var product = Created(5);
        Assert.Throws<ValidationException>(() => product.ChangeInventory(new InventoryChange(1, 1), Start));
        Assert.Throws<ValidationException>(() => product.ChangeInventory(new InventoryChange(null, null), Start));
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
    public void InvalidDetailsChangeNothing()
    {
        var product = Created(5);
        Assert.Throws<ValidationException>(() => product.Update(Lamp with { Price = 0m }, 9, Start));
        Assert.Equal((5, 19.99m, 1L), (product.Stock.OnHand, product.Details.Price, product.Version));
    }

    private static Product Created(int onHand)
    {
        var product = new Product();
        product.Create(Guid.NewGuid(), Lamp, onHand, Start);
        return product;
    }
}
