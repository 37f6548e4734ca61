using MarketMicro.Grains.Ledger;
using MarketMicro.Grains.Products;
using MarketMicro.Grains.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;

namespace MarketMicro.Silo;

/// <summary>
/// How long an idle activation stays in memory, per grain class (<c>Orleans:CollectionAge:*</c>). Activations are the
/// shop's only cache, so their lifetime is its memory budget: Orleans keeps every activation 15 minutes, which after an
/// import of 100,000 products held 200,000 activations (1.7 GB). Grains that only apply events, or that are cheap to
/// reload, leave after a minute without calls.
/// </summary>
public static class ActivationLifetimes
{
    public const string Section = "Orleans:CollectionAge";

    /// <summary>
    /// How often idle activations are collected. Orleans looks at an activation when its age has passed since it started
    /// (rounded up to this quantum, and its pass may come one quantum later); one that was called since is looked at again
    /// a whole age later. So an activation leaves between its age and twice its age (plus up to two quanta) after its
    /// last call: with 30 s, most products the benchmark's lookups read were still there 90 s after them. A pass looks
    /// only at the activations whose time came. Every age must be longer.
    /// </summary>
    public static readonly TimeSpan CollectionQuantum = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A product's activation is the read cache of <c>GET /products/{id}</c>: a product read at least once a minute
    /// stays warm, the long tail of a large catalog (and every product an import or a rebuild touched once) is reloaded
    /// from one stored row when asked for again. Grains that only apply events hold nothing worth keeping.
    /// </summary>
    public static readonly IReadOnlyDictionary<Type, TimeSpan> Defaults = new Dictionary<Type, TimeSpan>
    {
        [typeof(ProductGrain)] = TimeSpan.FromMinutes(1),
        [typeof(ProductIndexerGrain)] = TimeSpan.FromMinutes(1),
        [typeof(OrderLedgerProjectionGrain)] = TimeSpan.FromMinutes(1),
    };

    /// <summary>
    /// How long a pulling agent remembers a stream with no events: its consumer entry (one per product bucket, one
    /// per order bucket) outlived the consumer's activation by Orleans' 30 minutes.
    /// </summary>
    public static readonly TimeSpan StreamInactivityPeriod = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Applies <see cref="Defaults"/> and <c>Orleans:CollectionAge:{name}</c>, where name is a grain class's name without
    /// its <c>Grain</c> suffix (<c>Product</c>, <c>Cart</c>, ...) or <c>Default</c> for every other class. A name that
    /// is no grain class stops the silo, so a misspelt setting cannot silently keep the old age.
    /// </summary>
    public static ISiloBuilder UseMarketMicroActivationLifetimes(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        silo.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<GrainTypeOptions>>((options, grainTypes) =>
        {
            options.CollectionQuantum = CollectionQuantum;
            options.CollectionAge = section.GetValue("Default", options.CollectionAge);
            foreach (var (grainClass, age) in Defaults)
            {
                options.ClassSpecificCollectionAge[grainClass.FullName!] = age;
            }

            var classes = grainTypes.Value.Classes
                .Where(grainClass => grainClass.Namespace?.StartsWith("MarketMicro.", StringComparison.Ordinal) == true)
                .ToDictionary(SettingName, StringComparer.OrdinalIgnoreCase);
            foreach (var setting in section.GetChildren().Where(s => !s.Key.Equals("Default", StringComparison.OrdinalIgnoreCase)))
            {
                var grainClass = classes.GetValueOrDefault(setting.Key)
                    ?? throw new InvalidOperationException($"{Section}:{setting.Key} names no grain class; use one of: Default, {string.Join(", ", classes.Keys.Order())}.");
                options.ClassSpecificCollectionAge[grainClass.FullName!] = section.GetValue<TimeSpan>(setting.Key);
            }
        });
        silo.Configure<GrainDirectoryOptions>(options => options.CacheSize = configuration.GetValue("Orleans:DirectoryCacheSize", DirectoryCacheSize));
        return silo;
    }

    /// <summary>
    /// Where recently called grains live (<c>Orleans:DirectoryCacheSize</c>): Orleans keeps up to a million entries of
    /// about 450 bytes and none leaves when its activation is collected, so an import of 100,000 products left 200,000
    /// (90 MB). A silo finds a grain that fell out of it with one directory lookup.
    /// </summary>
    public const int DirectoryCacheSize = 50_000;

    /// <summary>Forgets idle streams' consumer entries soon after their consumers' activations were collected.</summary>
    public static void ForgetIdleStreams(this ISiloPersistentStreamConfigurator streams) =>
        streams.ConfigurePullingAgent(agent => agent.Configure(options => options.StreamInactivityPeriod = StreamInactivityPeriod));

    /// <summary>
    /// How long an event stays in a memory stream's cache: it leaves once it has been there a minute and is a minute
    /// older than the newest. Orleans keeps events 30 minutes, in 1 MB blocks that its pool keeps once allocated, so every
    /// event of the benchmark (an import of 100,000 products, then every order) stayed: 42 blocks and 10 index arrays of
    /// 1 MB, a third of the heap left after it. Now the pool holds about the busiest minute. Consumers here are implicit
    /// subscribers that never rewind and trail the newest event by about a second (search shows an import 1.2 s after
    /// it ended); a consumer a minute behind would miss what left before it.
    /// </summary>
    public static readonly TimeSpan DeliveredEventMinimumAge = TimeSpan.FromMinutes(1);

    /// <inheritdoc cref="DeliveredEventMinimumAge"/>
    public static readonly TimeSpan DeliveredEventMaximumAge = TimeSpan.FromMinutes(1);

    /// <summary>Drops delivered events from the memory streams' cache after <see cref="DeliveredEventMaximumAge"/>.</summary>
    public static void EvictDeliveredEvents(this ISiloRecoverableStreamConfigurator streams) =>
        streams.ConfigureCacheEviction(eviction => eviction.Configure(options =>
        {
            options.DataMinTimeInCache = DeliveredEventMinimumAge;
            options.DataMaxAgeInCache = DeliveredEventMaximumAge;
        }));

    private static string SettingName(Type grainClass) =>
        grainClass.Name.EndsWith("Grain", StringComparison.Ordinal) ? grainClass.Name[..^"Grain".Length] : grainClass.Name;
}
