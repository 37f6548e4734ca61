using MarketMicro.Carts;
using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.Users;

namespace MarketMicro.Grains.Tests;

public sealed class GrainReferencesTests(ShopClusterFixture fixture) : IClassFixture<ShopClusterFixture>
{
    private IClusterClient Client => fixture.Shop.Client;

    [Fact]
    public void AResolvedReferenceTargetsTheGrainAndInterfaceOrleansWouldForEveryKeyKind()
    {
        // The first call of each kind resolves through Orleans; the later keys take the kept types.
        foreach (var key in new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.Empty })
        {
            AssertSameTarget(Client.GetGrain<IProductGrain>(key), Client.Reference<IProductGrain>(key));
            AssertSameTarget(Client.GetGrain<ICartGrain>(key), Client.Reference<ICartGrain>(key));
        }

        foreach (var key in new long[] { 0, 7, -3 })
        {
            AssertSameTarget(Client.GetGrain<IProductSearchGrain>(key), Client.Reference<IProductSearchGrain>(key));
        }

        foreach (var key in new[] { "first@example.com", "second@example.com" })
        {
            AssertSameTarget(Client.GetGrain<IUserEmailIndexGrain>(key), Client.Reference<IUserEmailIndexGrain>(key));
        }

        Assert.NotEqual(Client.Reference<IProductGrain>(Guid.NewGuid()).GetGrainId(), Client.Reference<IProductGrain>(Guid.NewGuid()).GetGrainId());
    }

    [Fact]
    public async Task AGrainWrittenThroughAResolvedReferenceIsTheOneOrleansReads()
    {
        var id = Guid.NewGuid();
        _ = Client.Reference<IProductGrain>(Guid.NewGuid());
        await Client.Reference<IProductGrain>(id).Create(new ProductDetails("Lamp", "A desk lamp", 12m, "lighting", null), 4);

        var read = await Client.GetGrain<IProductGrain>(id).Get();

        Assert.Equal(("Lamp", 4), (read?.Details.Name, read?.OnHand));
    }

    [Fact]
    public void AnEmptyStringKeyIsRefusedAsOrleansRefusesIt()
    {
        Assert.ThrowsAny<ArgumentException>(() => Client.Reference<IUserEmailIndexGrain>(" "));
    }

    private static void AssertSameTarget<T>(T expected, T actual) where T : IAddressable
    {
        var (orleans, resolved) = ((GrainReference)(object)expected, (GrainReference)(object)actual);
        Assert.Equal(orleans.GrainId, resolved.GrainId);
        Assert.Equal(orleans.InterfaceType, resolved.InterfaceType);
        Assert.Equal(orleans.GetType(), resolved.GetType());
    }
}
