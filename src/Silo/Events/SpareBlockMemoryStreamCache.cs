using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace MarketMicro.Silo.Events;

/// <summary>
/// Orleans' memory streams with their caches' blocks in a <see cref="SpareBlockPool"/>: the adapter (the queue grains,
/// the receivers, the queue mapper) stays Orleans' own, and each queue's cache is Orleans' <c>MemoryPooledCache</c> with
/// the same eviction and cache metrics, only its blocks come from a pool that lets its spare blocks go when the shop is quiet.
/// </summary>
public sealed class SpareBlockMemoryStreamCache(
    IQueueAdapterFactory inner,
    SpareBlockPool blocks,
    StreamCacheEvictionOptions eviction,
    int maxAddCount,
    DefaultMemoryMessageBodySerializer serializer,
    OrleansInstruments instruments,
    ILoggerFactory loggers) : IQueueAdapterFactory, IQueueAdapterCache
{
    /// <summary>
    /// Free blocks a quiet spell leaves for the next events. A queue's cache takes a new block only when its current one
    /// is full, so a few serve the first events after a quiet spell; a burst allocates what it needs and keeps it until
    /// the next quiet spell. Eight (one per queue) left 6 MB more behind the benchmark.
    /// </summary>
    public const int ReserveBlocks = 2;

    private readonly TimePurgePredicate purge = new(eviction.DataMinTimeInCache, eviction.DataMaxAgeInCache);

    /// <summary>The pool the caches take their blocks from.</summary>
    public SpareBlockPool Blocks => blocks;

    public Task<IQueueAdapter> CreateAdapter() => inner.CreateAdapter(CancellationToken.None);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => inner.CreateAdapter(cancellationToken);

    public IQueueAdapterCache GetQueueAdapterCache() => this;

    public IStreamQueueMapper GetStreamQueueMapper() => inner.GetStreamQueueMapper();

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => inner.GetDeliveryFailureHandler(queueId);

    public IQueueCache CreateQueueCache(QueueId queueId) => new MemoryPooledCache<DefaultMemoryMessageBodySerializer>(
        blocks,
        purge,
        loggers.CreateLogger($"{typeof(MemoryPooledCache<>).Namespace}.MemoryPooledCache.{queueId}"),
        serializer,
        new DefaultCacheMonitor(new CacheMonitorDimensions(queueId.ToString(), nameof(SpareBlockPool)), instruments),
        monitorWriteInterval: null,
        purgeMetadataInterval: eviction.MetadataMinTimeInCache,
        maxAddCount);

    /// <summary>
    /// Puts the memory stream provider <paramref name="streams"/> configures behind this cache: its factory, registered by
    /// <c>AddMemoryStreams</c>, is wrapped (a named provider's factory is the keyed service registered last).
    /// </summary>
    public static void Use(ISiloPersistentStreamConfigurator streams) => streams.ConfigureDelegate(services =>
    {
        var name = streams.Name;
        var registered = services.Last(service => service.IsKeyedService && service.ServiceType == typeof(IQueueAdapterFactory)
            && Equals(service.ServiceKey, name));
        services.AddKeyedSingleton(name, (_, _) => new SpareBlockPool(ReserveBlocks));
        services.AddSingleton<IReleasesSpareMemory>(provider => provider.GetRequiredKeyedService<SpareBlockPool>(name));
        services.AddKeyedSingleton<IQueueAdapterFactory>(name, (provider, key) => new SpareBlockMemoryStreamCache(
            (IQueueAdapterFactory)registered.KeyedImplementationFactory!(provider, key),
            provider.GetRequiredKeyedService<SpareBlockPool>(key),
            provider.GetRequiredService<IOptionsMonitor<StreamCacheEvictionOptions>>().Get(name),
            provider.GetRequiredService<IOptionsMonitor<MemoryStreamCacheOptions>>().Get(name).MaxAddCount,
            ActivatorUtilities.CreateInstance<DefaultMemoryMessageBodySerializer>(provider),
            provider.GetRequiredService<OrleansInstruments>(),
            provider.GetRequiredService<ILoggerFactory>()));
    });
}
