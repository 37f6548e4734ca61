using System.Diagnostics;
using Orleans.Runtime;
using Orleans.Streams;

namespace MarketMicro.StreamsBench;

[GenerateSerializer, Immutable, Alias("StreamsBench.BenchEvent")]
public sealed record BenchEvent([property: Id(0)] Guid Stream, [property: Id(1)] int Sequence);

public interface IBenchProducerGrain : IGrainWithGuidKey
{
    /// <summary>Publishes <paramref name="count"/> events one after another; answers each OnNextAsync latency in milliseconds.</summary>
    Task<double[]> Produce(int count);
}

public sealed class BenchProducerGrain : Grain, IBenchProducerGrain
{
    public async Task<double[]> Produce(int count)
    {
        var stream = this.GetStreamProvider(Bench.Provider).GetStream<BenchEvent>(StreamId.Create(Bench.Namespace, this.GetPrimaryKey()));
        var latencies = new double[count];
        for (var sequence = 0; sequence < count; sequence++)
        {
            var started = Stopwatch.GetTimestamp();
            await stream.OnNextAsync(new BenchEvent(this.GetPrimaryKey(), sequence));
            latencies[sequence] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return latencies;
    }
}

public interface IBenchConsumerGrain : IGrainWithGuidKey;

[ImplicitStreamSubscription(Bench.Namespace)]
public sealed class BenchConsumerGrain : Grain, IBenchConsumerGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        this.GetStreamProvider(Bench.Provider).GetStream<BenchEvent>(StreamId.Create(Bench.Namespace, this.GetPrimaryKey()))
            .SubscribeAsync((_, _) =>
            {
                Interlocked.Increment(ref Bench.Consumed);
                return Task.CompletedTask;
            });
}
