using MarketMicro.Grains.Products;
using MarketMicro.Products;

namespace MarketMicro.Domain.Tests.Products;

public sealed class ProductSnapshotCacheTests
{
    private readonly ManualClock clock = new();
    private readonly ProductSnapshotCache cache;

    public ProductSnapshotCacheTests() => cache = new ProductSnapshotCache(clock);

    [Fact]
    public void AProductIsShownFromTheCacheForLessThanMaxAgeThenAskedAgain()
    {
        var lamp = Lamp(version: 1);
        cache.Put(lamp);

        clock.Advance(ProductSnapshotCache.MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.True(cache.TryGet(lamp.Id, out var shown));
        Assert.Same(lamp, shown);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.TryGet(lamp.Id, out _));
    }

    [Fact]
    public void AReadThatRacedAChangeNeverReplacesTheNewerVersion()
    {
        var stored = Lamp(version: 5);
        cache.Put(stored);

        cache.Put(stored with { Version = 4, Details = stored.Details with { Price = 1m } });

        Assert.True(cache.TryGet(stored.Id, out var shown));
        Assert.Equal(5, shown.Version);
    }

    [Fact]
    public void ANewerVersionReplacesTheOneShownAtOnce()
    {
        var before = Lamp(version: 1);
        cache.Put(before);

        cache.Put(before with { Version = 2, Deleted = true });

        Assert.True(cache.TryGet(before.Id, out var shown));
        Assert.True(shown.Deleted);
    }

    [Fact]
    public void AForgottenProductIsAskedAgain()
    {
        var lamp = Lamp(version: 1);
        cache.Put(lamp);

        cache.Forget(lamp.Id);

        Assert.False(cache.TryGet(lamp.Id, out _));
    }

    [Fact]
    public void EntriesOlderThanMaxAgeAreSweptOutSoTheCacheHoldsOnlyWhatIsInUse()
    {
        for (var i = 0; i < 100; i++)
        {
            cache.Put(Lamp(version: 1));
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        cache.Put(Lamp(version: 1));

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void TheEntryOfAProductWhoseGrainIsActiveHereIsKeptAndDecidesHoweverOld()
    {
        var lamp = Lamp(version: 1);
        cache.PutHosted(lamp);

        clock.Advance(TimeSpan.FromMinutes(1));
        cache.Put(Lamp(version: 1));

        Assert.Same(lamp, Hosted(lamp.Id));
        Assert.True(cache.TryGet(lamp.Id, out var shown));
        Assert.Same(lamp, shown);
    }

    [Fact]
    public void AReadIsOnlyShownNeverDecidedFrom()
    {
        var lamp = Lamp(version: 1);
        cache.Put(lamp);

        Assert.True(cache.TryGet(lamp.Id, out _));
        Assert.Null(Hosted(lamp.Id));
    }

    [Fact]
    public void TheGrainsEntryTakesEveryChangeAReservationWithoutANewVersionToo()
    {
        var lamp = Lamp(version: 3);
        cache.PutHosted(lamp);

        cache.PutHosted(lamp with { Reserved = 2 });

        Assert.Equal(3, Hosted(lamp.Id)?.Available);
    }

    [Fact]
    public void AReadNeverTakesThePlaceOfTheGrainsOwnEntry()
    {
        var lamp = Lamp(version: 3);
        cache.PutHosted(lamp);

        cache.Put(lamp with { Version = 4, Details = lamp.Details with { Price = 1m } });

        Assert.Same(lamp, Hosted(lamp.Id));
    }

    [Fact]
    public void TheGrainsEntryLeavesWithItsActivation()
    {
        var lamp = Lamp(version: 1);
        cache.PutHosted(lamp);

        cache.Forget(lamp.Id);

        Assert.Null(Hosted(lamp.Id));
        Assert.False(cache.TryGet(lamp.Id, out _));
    }

    /// <summary>What a cart may decide from: the entry of a product whose grain is active here, or null.</summary>
    private ProductSnapshot? Hosted(Guid productId) => cache.TryGetHosted(productId, out var product) ? product : null;

    private static ProductSnapshot Lamp(long version) => new(
        Guid.NewGuid(), new ProductDetails("Lamp", "Warm light", 19.99m, "home", null), 5, 0,
        DateTime.UnixEpoch, DateTime.UnixEpoch, false, version);

    private sealed class ManualClock : TimeProvider
    {
        private long now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => now;

        public void Advance(TimeSpan by) => now += by.Ticks;
    }
}
