using System.Data.Common;
using MarketMicro.Grains.Ledger;
using MarketMicro.Grains.Orders;
using MarketMicro.Grains.Products;
using MarketMicro.Grains.Search;
using MarketMicro.Grains.Users;
using MarketMicro.Search.Elasticsearch;
using MarketMicro.Search.Lucene;
using MarketMicro.Silo.Events;
using MarketMicro.Silo.Health;
using MarketMicro.Silo.Ledger;
using MarketMicro.Silo.Projections;
using MarketMicro.Silo.Search;
using MarketMicro.Silo.Storage;
using MarketMicro.Streaming.RabbitMQ;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.Streams;

namespace MarketMicro.Silo;

/// <summary>
/// The one silo composition, used by <c>src/Silo</c> and by the WebApi's embedded mode: every provider is
/// chosen from configuration as the architecture's provider table says.
/// </summary>
public static class SiloBuilderExtensions
{
    /// <summary>Co-hosts a fully configured Market-Micro silo in this application.</summary>
    public static IHostApplicationBuilder AddMarketMicroSilo(this IHostApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo.UseMarketMicro(builder.Configuration));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMarketMicroMemoryTrimmer(builder.Configuration);
        var health = builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("storage", tags: [HealthTags.Ready])
            .AddCheck<SiloMembershipHealthCheck>("cluster", tags: [HealthTags.Ready]);
        if (RabbitMqConnection(builder.Configuration) is not null)
        {
            health.AddRabbitMqStreams(ProviderNames.Streams, HealthTags.Ready);
        }
        return builder;
    }

    public static ISiloBuilder UseMarketMicro(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = ClusterSettings.FromConfiguration(configuration);
        if (cluster.RedisConnectionString is not null)
        {
            silo.UseMarketMicroRedisClustering(cluster);
            silo.ConfigureEndpoints(cluster.AdvertisedAddress, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.Configure<ClusterOptions>(cluster.Apply);
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        return silo.UseMarketMicroApplication(configuration).UseMarketMicroDashboard(configuration);
    }

    /// <summary>Everything but membership and endpoints: storage, streams and the services grains use.</summary>
    public static ISiloBuilder UseMarketMicroApplication(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.UseMarketMicroStorage(configuration).UseMarketMicroStreams(configuration).UseMarketMicroActivationLifetimes(configuration);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<ProductSnapshotCache>();
        silo.Services.AddSingleton<DeactivationCounter>();
        silo.Services.AddSingleton<IActivationWorkingSetObserver>(provider => provider.GetRequiredService<DeactivationCounter>());
        silo.Services.TryAddSingleton<IOrderSagaProbe, NoOrderSagaProbe>();
        silo.Services.AddOptions<OrderOptions>()
            .Bind(configuration.GetSection(OrderOptions.Section))
            .Validate<IOptions<ReminderOptions>>(
                (orders, reminders) => orders.RecoveryInterval >= reminders.Value.MinimumReminderPeriod,
                "Orders:RecoveryInterval must be at least the reminders' minimum period (one minute).")
            .ValidateOnStart();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OrderRecoveryStartup>();
        silo.Services.AddOptions<UserOptions>()
            .Bind(configuration.GetSection(UserOptions.Section))
            .Configure(options => options.RefreshTokenLifetime = TimeSpan.FromDays(configuration.GetValue("Jwt:RefreshTokenDays", 14.0)));
        silo.Services.AddSingleton<Passwords>();
        silo.UseMarketMicroSearch(configuration);
        silo.Services.AddSingleton<SqlOrderLedger>();
        silo.Services.AddSingleton<IOrderLedger>(sp => sp.GetRequiredService<SqlOrderLedger>());
        silo.Services.AddSingleton<IOrderLedgerReader>(sp => sp.GetRequiredService<SqlOrderLedger>());
        return silo;
    }

    /// <summary>Cluster membership in Redis (<c>ConnectionStrings:Redis</c>), shared by every silo and client of the cluster.</summary>
    public static ISiloBuilder UseMarketMicroRedisClustering(this ISiloBuilder silo, ClusterSettings cluster)
    {
        var redis = cluster.RedisConnectionString ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set.");
        silo.Configure<ClusterOptions>(cluster.Apply);

        // A silo that dies without leaving (kill -9, a lost host) is declared dead after three missed probes. Orleans'
        // 5 s probe timeout makes that 15-20 s of failed calls to its grains; 1 s (adapted by Orleans to the probe times it
        // sees, between 0.5 and 4 s) makes it a few seconds. Every ClusterMembershipOptions value can be set under
        // Orleans:Membership, over these defaults.
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 3;
        });
        silo.Services.Configure<ClusterMembershipOptions>(silo.Configuration.GetSection("Orleans:Membership"));
        return silo.UseRedisClustering(redis);
    }

    /// <summary>Grain state, PubSubStore and reminders on ADO.NET: MySQL/MariaDB if configured, else SQLite.</summary>
    public static ISiloBuilder UseMarketMicroStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var database = DatabaseSettings.FromConfiguration(configuration);
        if (database.Kind == DatabaseKind.Sqlite)
        {
            database = database with { CheckpointsInBackground = true };
            silo.Services.AddHostedService<SqliteCheckpointer>();
        }

        silo.Services.AddSingleton(database);
        silo.Services.AddSingleton<SchemaInstaller>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaStartup>();

        // Grain state is group-committed: concurrent writes share one transaction and one sync.
        silo.Services.AddSingleton<GroupCommitGrainStorage>();
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) => sp.GetRequiredService<GroupCommitGrainStorage>());
        silo.AddAdoNetGrainStorage(ProviderNames.PubSubStore, options => (options.Invariant, options.DataSource, options.ConnectionString) = database.AdoNetConnection());

        // State is written with the Orleans serializer: compact, version tolerant ([Id]-numbered members, aliases),
        // and it keeps private fields that a JSON serializer would silently drop. Orleans' storage format, in pooled buffers.
        silo.Services.AddSingleton<IGrainStorageSerializer>(sp => new PooledGrainStorageSerializer(sp.GetRequiredService<Orleans.Serialization.Serializer>()));
        silo.UseAdoNetReminderService(options => (options.Invariant, options.DataSource, options.ConnectionString) = database.AdoNetConnection());
        return silo;
    }

    /// <summary>
    /// The search index: Elasticsearch when <c>ConnectionStrings:Elasticsearch</c> is set, else Lucene in the data
    /// directory (embedded default). Either is kept converging to the stored products by the projections.
    /// </summary>
    public static ISiloBuilder UseMarketMicroSearch(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (configuration.GetConnectionString("Elasticsearch") is { Length: > 0 } elasticsearch)
        {
            var options = ElasticsearchOptions.Parse(elasticsearch, configuration["Elasticsearch:Index"],
                configuration["Elasticsearch:Username"], configuration["Elasticsearch:Password"], configuration["Elasticsearch:ApiKey"]);
            silo.Services.TryAddSingleton<IProductSearchIndex>(sp => new ElasticsearchProductIndex(
                new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                {
                    BaseAddress = options.Url,
                    Timeout = TimeSpan.FromSeconds(30),
                },
                options,
                sp.GetRequiredService<ILogger<ElasticsearchProductIndex>>()));
        }
        else
        {
            var path = Path.Combine(DataDirectory.Resolve(configuration), "search");
            // Zero (the default): every search sees every write made before it. A busy shop sets an interval (250 ms is
            // well inside the contract's 2 s): under checkout load a reopen per search flushed a tiny segment each time.
            silo.Services.TryAddSingleton<IProductSearchIndex>(sp => new LuceneProductIndex(path, sp.GetRequiredService<ILogger<LuceneProductIndex>>(), SearchRefreshInterval(configuration)));
        }

        silo.UseMarketMicroProjections(configuration);
        return silo;
    }

    /// <summary>
    /// The stream every shop event travels on: the RabbitMQ provider when <c>ConnectionStrings:RabbitMq</c> is set (durable
    /// queues, acknowledged after delivery, a JSON copy of each event on the public exchange), else memory streams.
    /// </summary>
    public static ISiloBuilder UseMarketMicroStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        // Every consumer of shop events is an implicit subscriber: no stream needs the PubSub grain, which would otherwise
        // be asked (and write its state) for every new stream.
        if (RabbitMqConnection(configuration) is not { } amqp)
        {
            silo.AddMemoryStreams(ProviderNames.Streams, streams =>
            {
                streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
                streams.ForgetIdleStreams();
                streams.EvictDeliveredEvents();
                SpareBlockMemoryStreamCache.Use(streams);
            });
            return silo.UseSearchIndexFeed(configuration, toEverySilo: true);
        }

        var section = configuration.GetSection("RabbitMq");
        silo.AddRabbitMqStreams(ProviderNames.Streams, options =>
        {
            options.ConnectionString = amqp;
            options.QueuePrefix = section["QueuePrefix"] ?? "marketmicro.streams";
            options.QueueCount = section.GetValue("QueueCount", options.QueueCount);
            options.PrefetchCount = section.GetValue("PrefetchCount", options.PrefetchCount);
            options.PublisherChannelCount = section.GetValue("PublisherChannelCount", options.PublisherChannelCount);
            options.MaxDeliveryAttempts = section.GetValue("MaxDeliveryAttempts", options.MaxDeliveryAttempts);
            options.DeadLetterQueue = section["DeadLetterQueue"] ?? $"{options.QueuePrefix}.dead-letter";
            options.PublicExchange = PublicExchange(section);

            // A grain's write is durable before it publishes, and its outbox keeps what was not confirmed: a request
            // waits for the broker only this long during an outage; the order recovery sweep publishes later.
            options.PublishTimeout = section.GetValue("PublishTimeout", TimeSpan.FromSeconds(3));
        }, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            streams.ForgetIdleStreams();
        });
        silo.Services.AddSingleton<IRabbitMqPublicMessageMapper, ShopEventMessages>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new CatalogBroadcast(
            sp.GetRequiredService<IProductSearchIndex>(), amqp, PublicExchange(section), sp.GetRequiredService<ILocalSiloDetails>(),
            sp.GetRequiredService<ILogger<CatalogBroadcast>>()));
        return silo.UseSearchIndexFeed(configuration, toEverySilo: false);
    }

    /// <summary>
    /// How catalog events reach every search replica: memory streams have no broadcast, so the indexer grains send each
    /// change to every silo's replica service; on RabbitMQ each silo's <see cref="CatalogBroadcast"/> queue hears them all.
    /// </summary>
    private static ISiloBuilder UseSearchIndexFeed(this ISiloBuilder silo, IConfiguration configuration, bool toEverySilo)
    {
        if (toEverySilo)
        {
            silo.AddGrainService<SearchReplicaService>();
        }

        // Changes are batched over the index's refresh interval (none by default: each is applied as it comes).
        silo.Services.AddSingleton<ISearchIndexFeed>(sp => ActivatorUtilities.CreateInstance<SearchIndexFeed>(sp, toEverySilo, SearchRefreshInterval(configuration)));
        return silo;
    }

    /// <summary><c>Search:RefreshInterval</c>: how often index changes become searchable, and what they are batched over.</summary>
    private static TimeSpan SearchRefreshInterval(IConfiguration configuration) => configuration.GetValue("Search:RefreshInterval", TimeSpan.Zero);

    private static string PublicExchange(IConfiguration rabbitMq) => rabbitMq["PublicExchange"] ?? "marketmicro.events";

    private static string? RabbitMqConnection(IConfiguration configuration) =>
        configuration.GetConnectionString("RabbitMq") is { Length: > 0 } amqp ? amqp : null;

    /// <summary>
    /// How every ADO.NET provider reaches the database: a SQLite file is shared as a data source (one pooled source
    /// per file), MySQL by its connection string. Exactly one of the two is set, as the providers require.
    /// </summary>
}
