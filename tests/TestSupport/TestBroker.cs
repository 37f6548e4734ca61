using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MarketMicro.TestSupport;

/// <summary>The real broker the tests run against (MARKETMICRO_TEST_RABBITMQ, default the loopback server).</summary>
public static class TestBroker
{
    private static readonly TimeSpan OutageWait = TimeSpan.FromMinutes(1);

    public static string ConnectionString => TestServers.RabbitMq;

    /// <summary>
    /// Connects, waiting out (for up to a minute) an outage that a test in another test process is running: test projects
    /// run in parallel, and one's outage may begin right after another's ended, while that test still cleans up.
    /// </summary>
    public static async Task<IConnection> ConnectAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), AutomaticRecoveryEnabled = false };
        var waitUntil = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * OutageWait.TotalSeconds);
        while (true)
        {
            try
            {
                return await factory.CreateConnectionAsync();
            }
            catch (BrokerUnreachableException) when (Stopwatch.GetTimestamp() < waitUntil)
            {
                await Task.Delay(250);
            }
        }
    }

    public static async Task<uint> MessageCountAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    public static async Task PublishRawAsync(string queue, byte[] body)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        await channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { Persistent = true }, body);
    }

    public static async Task<BasicGetResult?> GetAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await channel.BasicGetAsync(queue, autoAck: true);
    }

    public static async Task DeleteAsync(IEnumerable<string> queues, string? exchange = null)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in queues)
            await channel.QueueDeleteAsync(queue);
        if (exchange is not null)
            await channel.ExchangeDeleteAsync(exchange);
    }

    /// <summary>
    /// Stops the broker's application, runs <paramref name="whileDown"/>, and starts it again whatever happens. Outages
    /// from tests in different test processes take turns (a lock file), so that one test's restart never cuts another's
    /// outage short or doubles it.
    /// </summary>
    public static async Task DuringOutageAsync(Func<Task> whileDown)
    {
        await using var turn = await TakeOutageTurnAsync();
        try
        {
            await RabbitMqCtlAsync("stop_app");
            await whileDown();
        }
        finally
        {
            await RabbitMqCtlAsync("start_app");
            await RabbitMqCtlAsync("await_startup");
        }
    }

    /// <summary>
    /// Keeps other test processes from stopping the broker until the result is disposed: for a test whose timing would
    /// not survive an outage (the 2-second freshness of search replicas).
    /// </summary>
    public static async Task<IAsyncDisposable> HoldOffOutagesAsync() => await TakeOutageTurnAsync();

    private static async Task<FileStream> TakeOutageTurnAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "marketmicro-broker-outage.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Runs <c>rabbitmqctl</c> with the given arguments and fails on a non-zero exit.</summary>
    public static async Task RabbitMqCtlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
    }
}
