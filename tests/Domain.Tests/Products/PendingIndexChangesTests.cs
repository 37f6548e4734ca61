using MarketMicro.Grains.Search;
using MarketMicro.Products;

namespace MarketMicro.Domain.Tests.Products;

public sealed class PendingIndexChangesTests
{
    private readonly PendingIndexChanges pending = new();

    [Fact]
    public void AProductChangedManyTimesIsIndexedOnceInItsNewestVersion()
    {
        var lamp = Product(version: 1);
        var chair = Product(version: 7);

        pending.Add(lamp);
        pending.Add(lamp with { Version = 3 });
        pending.Add(lamp with { Version = 2 });
        pending.Add(chair);

        Assert.Equal([(lamp.Id, 3L), (chair.Id, 7L)], pending.Drain().Select(p => (p.Id, p.Version)).OrderBy(p => p.Version));
        Assert.Empty(pending.Drain());
    }

    [Fact]
    public void OnlyTheFirstChangeAfterADrainSchedulesTheNextOne()
    {
        Assert.True(pending.Add(Product(version: 1)));
        Assert.False(pending.Add(Product(version: 1)));

        pending.Drain();

        Assert.True(pending.Add(Product(version: 1)));
    }

    private static ProductSnapshot Product(long version) => new(
        Guid.NewGuid(), new ProductDetails("Lamp", "Warm light", 19.99m, "home", null), 5, 0,
        DateTime.UnixEpoch, DateTime.UnixEpoch, false, version);
}
