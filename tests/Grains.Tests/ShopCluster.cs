using MarketMicro.Carts;
using MarketMicro.Silo;
using MarketMicro.Grains.Orders;
using MarketMicro.Products;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace MarketMicro.Grains.Tests;

/// <summary>
/// A multi-silo TestingHost cluster composed exactly like production (SQLite grain state and reminders, a search
/// replica per silo), with the order recovery reminder sped up to seconds.
/// </summary>
public sealed class ShopCluster : IAsyncDisposable
{
    private readonly bool ownsStorage;

    private ShopCluster(InProcessTestCluster cluster, TestStorage storage, bool ownsStorage, SagaProbes probes)
    {
        Cluster = cluster;
        Storage = storage;
        this.ownsStorage = ownsStorage;
        Probes = probes;
    }

    public InProcessTestCluster Cluster { get; }

    public SagaProbes Probes { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>The database (and data directory) the silos keep their state in.</summary>
    public TestStorage Storage { get; }

    public string ServiceId => Cluster.Options.ServiceId;

    /// <summary>
    /// A fresh cluster on a throwaway database of its own (SQLite file or real MariaDB), with extra configuration
    /// <paramref name="settings"/> and services registered after the production ones by <paramref name="configureSilo"/>.
    /// </summary>
    public static async Task<ShopCluster> StartAsync(
        short silos = 2,
        DatabaseKind kind = DatabaseKind.Sqlite,
        (string Key, string Value)[]? settings = null,
        Action<ISiloBuilder>? configureSilo = null) =>
        await StartAsync(await TestStorage.CreateAsync(kind), ownsStorage: true, Guid.NewGuid().ToString("N"), silos, settings ?? [], configureSilo);

    /// <summary>Starts a cluster on existing storage and service id (to simulate a restart after a crash).</summary>
    public static Task<ShopCluster> StartOnAsync(TestStorage storage, string serviceId, short silos = 1) =>
        StartAsync(storage, ownsStorage: false, serviceId, silos, [], null);

    private static async Task<ShopCluster> StartAsync(
        TestStorage storage, bool ownsStorage, string serviceId, short silos, (string Key, string Value)[] settings, Action<ISiloBuilder>? configureSilo)
    {
        var configuration = storage.Configuration([("Orders:RecoveryInterval", "00:00:02"), ("Identity:FirstLockout", "00:00:01"), .. settings]);
        var probes = new SagaProbes();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((options, silo) =>
        {
            silo.UseSearchReplicaFolderPerSilo(Path.Combine(storage.DataDirectory, "search")).UseMarketMicroApplication(configuration);
            silo.Configure<ReminderOptions>(reminders =>
            {
                reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                reminders.RefreshReminderListPeriod = TimeSpan.FromSeconds(1);
            });
            silo.Services.AddSingleton<IOrderSagaProbe>(probes.For(options.SiloName));
            configureSilo?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ShopCluster(cluster, storage, ownsStorage, probes);
    }

    public async Task<Guid> CreateProductAsync(int stock, decimal price = 10m, string name = "Widget")
    {
        var id = Guid.NewGuid();
        await Client.GetGrain<IProductGrain>(id).Create(new ProductDetails(name, "A test product", price, "tests", null), stock);
        return id;
    }

    /// <summary>Places an order of one line through the user's cart (with an Idempotency-Key and an e-mail); returns its id.</summary>
    public async Task<Guid> PlaceOrderAsync(Guid userId, Guid product, int quantity)
    {
        var cart = Client.GetGrain<ICartGrain>(userId);
        await cart.Add(product, quantity);
        var (order, _) = await cart.Checkout(Guid.NewGuid().ToString(), null, $"{userId:N}@example.com");
        return order.Id;
    }

    public async Task<ProductSnapshot> ProductAsync(Guid id) =>
        await Client.GetGrain<IProductGrain>(id).GetIncludingDeleted() ?? throw new InvalidOperationException($"no product {id}");

    /// <summary>
    /// How many activations of the grain class the cluster holds now. The management grain names a class with its
    /// assembly ("Namespace.ClassGrain,Assembly").
    /// </summary>
    public async Task<int> ActivationsAsync<TGrain>() where TGrain : Grain
    {
        var grainType = $"{typeof(TGrain).FullName},{typeof(TGrain).Assembly.GetName().Name}";
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType == grainType).Sum(s => s.ActivationCount);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (ownsStorage)
        {
            await Storage.DisposeAsync();
        }
    }
}
