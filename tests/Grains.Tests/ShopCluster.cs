using MarketMicro.Silo;
using MarketMicro.Grains.Orders;
using MarketMicro.Products;
using MarketMicro.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace MarketMicro.Grains.Tests;

/// <summary>
/// A multi-silo TestingHost cluster composed exactly like production (SQLite grain state and reminders),
/// with the order recovery reminder sped up to seconds.
/// </summary>
public sealed class ShopCluster : IAsyncDisposable
{
    private readonly TemporaryDirectory? ownedData;

    private ShopCluster(InProcessTestCluster cluster, TemporaryDirectory? ownedData, SagaProbes probes)
    {
        Cluster = cluster;
        this.ownedData = ownedData;
        Probes = probes;
    }

    public InProcessTestCluster Cluster { get; }

    public SagaProbes Probes { get; }

    public IClusterClient Client => Cluster.Client;

    public static Task<ShopCluster> StartAsync(short silos = 2) => StartAsync(new TemporaryDirectory(), ownsData: true, Guid.NewGuid().ToString("N"), silos);

    /// <summary>Starts a cluster on an existing data directory and service id (to simulate a restart).</summary>
    public static Task<ShopCluster> StartOnAsync(string dataDirectory, string serviceId, short silos = 1) =>
        StartAsync(new TemporaryDirectory(dataDirectory), ownsData: false, serviceId, silos);

    private static async Task<ShopCluster> StartAsync(TemporaryDirectory data, bool ownsData, string serviceId, short silos)
    {
        var configuration = ShopConfiguration.Sqlite(data.Path, ("Orders:RecoveryInterval", "00:00:02"));
        var probes = new SagaProbes();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((options, silo) =>
        {
            silo.UseMarketMicroApplication(configuration);
            silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddSingleton<IOrderSagaProbe>(probes.For(options.SiloName));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ShopCluster(cluster, ownsData ? data : null, probes) { DataDirectory = data.Path, ServiceId = serviceId };
    }

    public string DataDirectory { get; private init; } = string.Empty;

    public string ServiceId { get; private init; } = string.Empty;

    public async Task<Guid> CreateProductAsync(int stock, decimal price = 10m, string name = "Widget")
    {
        var id = Guid.NewGuid();
        await Client.GetGrain<IProductGrain>(id).Create(new ProductDraft(name, "A test product", price, "tests", stock, null));
        return id;
    }

    public async Task<ProductSnapshot> ProductAsync(Guid id) =>
        await Client.GetGrain<IProductGrain>(id).GetIncludingDeleted() ?? throw new InvalidOperationException($"no product {id}");

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        ownedData?.Dispose();
    }
}
