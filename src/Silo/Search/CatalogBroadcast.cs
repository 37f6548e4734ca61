using MarketMicro.Grains.Search;
using MarketMicro.Silo.Events;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MarketMicro.Silo.Search;

/// <summary>
/// Keeps this silo's search replica current in a cluster: a queue of this silo's own, bound to the public events
/// exchange for every catalog event, applied to the local index (the newest version wins, so order and repeats do not
/// matter). The queue lives as long as the silo; what a silo misses while it is down, its catch-up pass brings back
/// from the stored products when it starts. An index all silos share (Elasticsearch) needs none of this.
/// </summary>
internal sealed partial class CatalogBroadcast(
    IProductSearchIndex index,
    string connectionString,
    string exchange,
    ILocalSiloDetails silo,
    ILogger<CatalogBroadcast> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly string[] CatalogEvents = ["product.changed", "stock.changed", "product.deleted"];
    private readonly CancellationTokenSource stopping = new();
    private IConnection? connection;
    private IChannel? channel;
    private Task listening = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CatalogBroadcast), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Listens from the background: a broker that is down when the silo starts does not keep the silo from starting.</summary>
    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (index.IsLocalReplica)
        {
            listening = Task.Run(() => ListenAsync(stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ConnectAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }

                LogConnectFailed(ex, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, delay.Ticks * 2));
            }
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            ClientProvidedName = $"search-replica {silo.Name}",
        };
        connection = await factory.CreateConnectionAsync(cancellationToken);
        channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        var queue = (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken)).QueueName;
        foreach (var routingKey in CatalogEvents)
        {
            await channel.QueueBindAsync(queue, exchange, routingKey, cancellationToken: cancellationToken);
        }

        await channel.BasicQosAsync(0, 256, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += ApplyAsync;
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        LogListening(queue);
    }

    private async Task ApplyAsync(object sender, BasicDeliverEventArgs delivery)
    {
        try
        {
            if (PublicEvents.TryReadProduct(delivery.Body.Span, out var product))
            {
                await index.UpsertAsync([product]);
            }

            await channel!.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Dropped, not retried: the next catch-up pass brings this product back from the stored truth.
            LogApplyFailed(ex, delivery.RoutingKey);
            await channel!.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: false);
        }
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (channel is not null)
        {
            await channel.DisposeAsync();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search replica: the broker is not reachable yet; retrying in {Delay} (the catch-up pass keeps the replica converging meanwhile)")]
    private partial void LogConnectFailed(Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search replica: catalog events from {Queue}")]
    private partial void LogListening(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search replica: a {RoutingKey} event was not applied; the next catch-up pass repairs it")]
    private partial void LogApplyFailed(Exception exception, string routingKey);
}
