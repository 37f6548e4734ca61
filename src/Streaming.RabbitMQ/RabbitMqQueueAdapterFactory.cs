using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>
/// Builds the provider's adapter, receivers, cache and failure handlers, and owns its broker connection and
/// publisher channels for the life of the silo (or client). Streams hash onto <see cref="RabbitMqStreamOptions.QueueCount"/>
/// queues through Orleans' <see cref="HashRingBasedStreamQueueMapper"/>.
/// </summary>
public sealed class RabbitMqQueueAdapterFactory : IQueueAdapterFactory, IAsyncDisposable
{
    private readonly string providerName;
    private readonly RabbitMqStreamOptions options;
    private readonly Serializer serializer;
    private readonly IRabbitMqPublicMessageMapper? publicMapper;
    private readonly ILoggerFactory loggerFactory;
    private readonly RabbitMqStreamsHealth health;
    private readonly HashRingBasedStreamQueueMapper queueMapper;
    private readonly SimpleQueueAdapterCache cache;
    private readonly RabbitMqConnection connection;
    private readonly RabbitMqPublisher publisher;
    private readonly ConcurrentDictionary<QueueId, DeliveryFailures> failures = new();

    public RabbitMqQueueAdapterFactory(string providerName, RabbitMqStreamOptions options, SimpleQueueCacheOptions cacheOptions,
        Serializer serializer, RabbitMqStreamsHealth health, IRabbitMqPublicMessageMapper? publicMapper, ILoggerFactory loggerFactory)
    {
        this.providerName = providerName;
        this.options = options;
        this.serializer = serializer;
        this.health = health;
        this.publicMapper = publicMapper;
        this.loggerFactory = loggerFactory;
        queueMapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, options.QueuePrefix);
        cache = new SimpleQueueAdapterCache(cacheOptions, providerName, loggerFactory);
        connection = new RabbitMqConnection(providerName, options, health, loggerFactory.CreateLogger<RabbitMqConnection>());
        publisher = new RabbitMqPublisher(connection, options, health, loggerFactory.CreateLogger<RabbitMqPublisher>());
    }

    public static RabbitMqQueueAdapterFactory Create(IServiceProvider services, string providerName) =>
        new(providerName,
            services.GetOptionsByName<RabbitMqStreamOptions>(providerName),
            services.GetOptionsByName<SimpleQueueCacheOptions>(providerName),
            services.GetRequiredService<Serializer>(),
            services.GetRequiredKeyedService<RabbitMqStreamsHealth>(providerName),
            services.GetKeyedService<IRabbitMqPublicMessageMapper>(providerName) ?? services.GetService<IRabbitMqPublicMessageMapper>(),
            services.GetRequiredService<ILoggerFactory>());

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken)
    {
        connection.StartConnecting();
        RabbitMqQueueAdapter adapter = null!;
        adapter = new RabbitMqQueueAdapter(providerName, options, queueMapper, publisher, serializer, publicMapper,
            queueId => new RabbitMqQueueAdapterReceiver(adapter.QueueName(queueId), options, connection, publisher, serializer,
                FailuresOf(queueId), health, loggerFactory.CreateLogger<RabbitMqQueueAdapterReceiver>()));
        try
        {
            // The topology exists once the silo runs, when the broker answers in time; otherwise the first publish or
            // receiver declares it, and the silo is not held back by a broker outage.
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            startup.CancelAfter(options.PublishTimeout);
            await publisher.DeclareTopologyAsync(startup.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            loggerFactory.CreateLogger<RabbitMqQueueAdapterFactory>().LogWarning(exception,
                "RabbitMQ streams '{Provider}': the broker did not answer at start-up; its topology is declared on first use", providerName);
        }

        return adapter;
    }

    public IQueueAdapterCache GetQueueAdapterCache() => cache;

    public IStreamQueueMapper GetStreamQueueMapper() => queueMapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new RabbitMqDeliveryFailureHandler(FailuresOf(queueId), loggerFactory.CreateLogger<RabbitMqDeliveryFailureHandler>()));

    private DeliveryFailures FailuresOf(QueueId queueId) => failures.GetOrAdd(queueId, _ => new DeliveryFailures());

    public async ValueTask DisposeAsync()
    {
        await publisher.DisposeAsync();
        await connection.DisposeAsync();
    }
}
