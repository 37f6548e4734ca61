using MarketMicro.Silo.Storage;

namespace MarketMicro.Grains.Tests;

/// <summary>One two-silo cluster shared by the tests of a class, on the embedded default's SQLite storage.</summary>
public class ShopClusterFixture : IAsyncLifetime
{
    protected virtual DatabaseKind Storage => DatabaseKind.Sqlite;

    public ShopCluster Shop { get; private set; } = null!;

    public async Task InitializeAsync() => Shop = await ShopCluster.StartAsync(silos: 2, Storage);

    public async Task DisposeAsync() => await Shop.DisposeAsync();
}

/// <summary>The same two-silo cluster with grain state and reminders on the real MariaDB.</summary>
public sealed class MariaDbShopClusterFixture : ShopClusterFixture
{
    protected override DatabaseKind Storage => DatabaseKind.MySql;
}
