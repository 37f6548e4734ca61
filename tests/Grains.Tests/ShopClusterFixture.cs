namespace MarketMicro.Grains.Tests;

/// <summary>One two-silo cluster shared by the tests of a class.</summary>
public sealed class ShopClusterFixture : IAsyncLifetime
{
    public ShopCluster Shop { get; private set; } = null!;

    public async Task InitializeAsync() => Shop = await ShopCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await Shop.DisposeAsync();
}
