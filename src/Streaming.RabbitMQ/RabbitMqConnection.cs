using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MarketMicro.Streaming.RabbitMQ;

/// <summary>
/// The one broker connection a provider uses in this process, for its publishers and its receivers.
/// The first connection is retried with backoff until it succeeds; after that the client's automatic
/// recovery reconnects it and restores its channels and consumers. Its state feeds <see cref="RabbitMqStreamsHealth"/>.
/// </summary>
internal sealed partial class RabbitMqConnection : IAsyncDisposable
{
    private readonly RabbitMqStreamOptions options;
    private readonly RabbitMqStreamsHealth health;
    private readonly ILogger logger;
    private readonly ConnectionFactory factory;
    private readonly CancellationTokenSource disposing = new();
    private readonly Lazy<Task<IConnection>> connection;

    public RabbitMqConnection(string providerName, RabbitMqStreamOptions options, RabbitMqStreamsHealth health, ILogger logger)
    {
        this.options = options;
        this.health = health;
        this.logger = logger;
        factory = new ConnectionFactory
        {
            Uri = new Uri(options.ConnectionString),
            ClientProvidedName = $"orleans-streams:{providerName}:{Environment.MachineName}:{Environment.ProcessId}",
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = options.ReconnectMinBackoff,
            RequestedHeartbeat = TimeSpan.FromSeconds(15),
        };
        connection = new Lazy<Task<IConnection>>(() => ConnectWithBackoffAsync(disposing.Token));
    }

    /// <summary>The open connection; waits (cancellably) while the first connection is still being made.</summary>
    public Task<IConnection> GetAsync(CancellationToken cancellationToken) => connection.Value.WaitAsync(cancellationToken);

    /// <summary>The connection if the first connection has been made (it may be recovering right now).</summary>
    public bool TryGet([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IConnection? opened)
    {
        StartConnecting();
        opened = connection.Value.IsCompletedSuccessfully ? connection.Value.Result : null;
        return opened is not null;
    }

    /// <summary>Starts connecting without waiting for it.</summary>
    public void StartConnecting() => _ = connection.Value;

    private async Task<IConnection> ConnectWithBackoffAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(options.ReconnectMinBackoff, options.ReconnectMaxBackoff);
        while (true)
        {
            try
            {
                var opened = await factory.CreateConnectionAsync(cancellationToken);
                opened.ConnectionShutdownAsync += OnShutdownAsync;
                opened.RecoverySucceededAsync += OnRecoveredAsync;
                opened.ConnectionRecoveryErrorAsync += OnRecoveryErrorAsync;
                health.ReportConnected();
                LogConnected(health.ProviderName, opened.Endpoint.ToString());
                return opened;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                health.ReportDisconnected(exception.Message);
                var delay = backoff.Next();
                LogConnectFailed(exception, health.ProviderName, delay);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs args)
    {
        if (disposing.IsCancellationRequested)
            return Task.CompletedTask;
        health.ReportDisconnected($"{args.ReplyCode} {args.ReplyText}");
        LogDisconnected(health.ProviderName, args.ReplyCode, args.ReplyText);
        return Task.CompletedTask;
    }

    private Task OnRecoveredAsync(object sender, AsyncEventArgs args)
    {
        health.ReportConnected();
        LogRecovered(health.ProviderName);
        return Task.CompletedTask;
    }

    private Task OnRecoveryErrorAsync(object sender, ConnectionRecoveryErrorEventArgs args)
    {
        health.ReportError(args.Exception.Message);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        disposing.Cancel();
        if (connection.IsValueCreated && connection.Value.IsCompletedSuccessfully)
        {
            var opened = connection.Value.Result;
            try
            {
                await opened.CloseAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception exception)
            {
                LogCloseFailed(exception, health.ProviderName);
            }
            opened.Dispose();
        }
        disposing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ streams {Provider}: connected to {Endpoint}")]
    private partial void LogConnected(string provider, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ streams {Provider}: cannot connect, next attempt in {Delay}")]
    private partial void LogConnectFailed(Exception exception, string provider, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ streams {Provider}: connection lost ({Code} {Text}); recovering")]
    private partial void LogDisconnected(string provider, ushort code, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ streams {Provider}: connection recovered")]
    private partial void LogRecovered(string provider);

    [LoggerMessage(Level = LogLevel.Debug, Message = "RabbitMQ streams {Provider}: closing the connection failed")]
    private partial void LogCloseFailed(Exception exception, string provider);
}
