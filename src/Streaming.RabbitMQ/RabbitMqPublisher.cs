using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>
/// Publishes with publisher confirms over a small pool of channels, retrying with backoff until the broker
/// confirmed or <see cref="RabbitMqStreamOptions.PublishTimeout"/> passed. In RabbitMQ.Client 7.2 a
/// channel with confirmation tracking accepts concurrent <c>BasicPublishAsync</c> calls: the sends are
/// serialized by the channel and each call awaits its own confirm, so the pool only spreads load.
/// </summary>
internal sealed partial class RabbitMqPublisher(
    RabbitMqConnection connection, RabbitMqStreamOptions options, RabbitMqStreamsHealth health, ILogger logger) : IAsyncDisposable
{
    private readonly IChannel?[] channels = new IChannel?[options.PublisherChannelCount];
    private readonly SemaphoreSlim channelLock = new(1, 1);
    private bool topologyDeclared;
    private int nextChannel;

    public RabbitMqStreamsHealth Health => health;

    /// <summary>Publishes one message; returns once the broker confirmed it, throws <see cref="RabbitMqPublishTimeoutException"/> after the publish timeout.</summary>
    public async Task PublishAsync(string exchange, string routingKey, bool mandatory, BasicProperties properties,
        ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.PublishTimeout);
        var backoff = new Backoff(options.ReconnectMinBackoff, options.ReconnectMaxBackoff);
        Exception? lastError = null;
        while (true)
        {
            try
            {
                var channel = await GetChannelAsync(deadline.Token);
                await channel.BasicPublishAsync(exchange, routingKey, mandatory, properties, body, deadline.Token);
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && !deadline.IsCancellationRequested)
            {
                lastError = exception;
                if (exception is PublishException { IsReturn: true })
                    topologyDeclared = false;
                health.CountPublishRetry();
                health.ReportError(exception.Message);
                LogPublishRetry(health.ProviderName, exchange, routingKey, exception.Message);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Timeout(exchange, routingKey, lastError);
            }

            try
            {
                await Task.Delay(backoff.Next(), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Timeout(exchange, routingKey, lastError);
            }
        }
    }

    private RabbitMqPublishTimeoutException Timeout(string exchange, string routingKey, Exception? lastError)
    {
        LogPublishTimeout(health.ProviderName, exchange, routingKey, options.PublishTimeout);
        return new RabbitMqPublishTimeoutException(
            $"RabbitMQ streams '{health.ProviderName}': no confirm for a publish to '{exchange}'/'{routingKey}' within {options.PublishTimeout}.", lastError);
    }

    /// <summary>Declares the queues and the public exchange now, so that subscribers can bind before the first event.</summary>
    public async Task DeclareTopologyAsync(CancellationToken cancellationToken) => await GetChannelAsync(cancellationToken);

    private async ValueTask<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        var slot = (int)((uint)Interlocked.Increment(ref nextChannel) % channels.Length);
        var channel = Volatile.Read(ref channels[slot]);
        if (channel is not null && topologyDeclared && channel.IsOpen)
            return channel;

        var opened = await connection.GetAsync(cancellationToken);
        await channelLock.WaitAsync(cancellationToken);
        try
        {
            channel = channels[slot];
            if (channel is not null && RabbitMqTopology.IsFaulted(channel, opened))
            {
                channel.Dispose();
                channel = null;
            }
            if (channel is null)
            {
                channel = await opened.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                    cancellationToken);
                Volatile.Write(ref channels[slot], channel);
            }
            if (!topologyDeclared)
            {
                await RabbitMqTopology.DeclareAsync(channel, options, cancellationToken);
                topologyDeclared = true;
            }
            return channel;
        }
        finally
        {
            channelLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            if (channel is null)
                continue;
            try
            {
                await channel.CloseAsync();
            }
            catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or ObjectDisposedException)
            {
                // Closing a channel of a connection that is already gone has nothing left to do.
            }
            channel.Dispose();
        }
        channelLock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "RabbitMQ streams {Provider}: publish to '{Exchange}'/'{RoutingKey}' failed ({Error}); retrying")]
    private partial void LogPublishRetry(string provider, string exchange, string routingKey, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "RabbitMQ streams {Provider}: publish to '{Exchange}'/'{RoutingKey}' not confirmed within {Timeout}")]
    private partial void LogPublishTimeout(string provider, string exchange, string routingKey, TimeSpan timeout);
}

/// <summary>The broker did not confirm a publish within the provider's publish timeout; the event was not stored.</summary>
public sealed class RabbitMqPublishTimeoutException(string message, Exception? innerException) : TimeoutException(message, innerException);
