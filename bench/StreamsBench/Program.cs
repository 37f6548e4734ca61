using System.Diagnostics;
using MarketMicro.Streaming.RabbitMQ;
using MarketMicro.StreamsBench;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using RabbitMQ.Client;

var events = ArgumentValue("--events", 20_000);
var streams = ArgumentValue("--streams", 64);
var connectionString = Environment.GetEnvironmentVariable("MARKETMICRO_TEST_RABBITMQ") is { Length: > 0 } configured
    ? configured
    : "amqp://guest:guest@127.0.0.1:5672/";

Console.WriteLine($"{events} events on {streams} streams, one sequential producer per stream, broker {new Uri(connectionString).Host}");
foreach (var silos in new short[] { 1, 2 })
    await RunAsync(silos);

async Task RunAsync(short silos)
{
    var prefix = $"bench.{Guid.NewGuid():N}";
    var options = new RabbitMqStreamOptions { ConnectionString = connectionString, QueuePrefix = prefix };
    var builder = new InProcessTestClusterBuilder(silos);
    builder.Options.ConfigureFileLogging = false;
    builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
    builder.ConfigureSilo((_, silo) => silo
        .AddMemoryGrainStorage("PubSubStore")
        .AddRabbitMqStreams(Bench.Provider, o =>
        {
            o.ConnectionString = options.ConnectionString;
            o.QueuePrefix = options.QueuePrefix;
        }));
    var cluster = builder.Build();
    await cluster.DeployAsync();
    try
    {
        Bench.Consumed = 0;
        var perStream = events / streams;
        var total = perStream * streams;
        var started = Stopwatch.StartNew();
        var latencies = (await Task.WhenAll(Enumerable.Range(0, streams)
            .Select(_ => cluster.Client.GetGrain<IBenchProducerGrain>(Guid.NewGuid()).Produce(perStream))))
            .SelectMany(l => l).Order().ToArray();
        var produced = started.Elapsed;
        while (Interlocked.Read(ref Bench.Consumed) < total && started.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(10);
        var consumed = started.Elapsed;
        Console.WriteLine(
            $"{silos} silo(s): {total / consumed.TotalSeconds,8:N0} events/s end to end ({Bench.Consumed}/{total} consumed in {consumed.TotalSeconds:N2} s; " +
            $"produced in {produced.TotalSeconds:N2} s); OnNextAsync p50 {Percentile(latencies, 0.50):N2} ms, p99 {Percentile(latencies, 0.99):N2} ms");
    }
    finally
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
        await DeleteQueuesAsync(options);
    }
}

async Task DeleteQueuesAsync(RabbitMqStreamOptions options)
{
    await using var connection = await new ConnectionFactory { Uri = new Uri(options.ConnectionString) }.CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync();
    foreach (var queue in Enumerable.Range(0, options.QueueCount).Select(i => $"{options.QueuePrefix}.{i}").Append($"{options.QueuePrefix}.dead-letter"))
        await channel.QueueDeleteAsync(queue);
}

static double Percentile(double[] sorted, double fraction) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, fraction * sorted.Length)];

int ArgumentValue(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

namespace MarketMicro.StreamsBench
{
    public static class Bench
    {
        public const string Provider = "Events";
        public const string Namespace = "bench";
        public static long Consumed;
    }
}
