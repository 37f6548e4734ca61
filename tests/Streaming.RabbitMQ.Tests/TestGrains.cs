using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Streams;

namespace MarketMicro.Streaming.RabbitMQ.Tests;

public static class TestStreams
{
    public const string Provider = "Events";
    public const string Namespace = "test-events";

    public static StreamId For(Guid stream) => StreamId.Create(Namespace, stream);
}

[GenerateSerializer, Immutable, Alias("StreamingTests.TestEvent")]
public sealed record TestEvent(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid Stream,
    [property: Id(2)] int Sequence,
    [property: Id(3)] bool AlwaysFails = false);

public interface IEventProducerGrain : IGrainWithGuidKey
{
    /// <summary>Publishes sequences [from, from + count) on the stream named by this grain's key, one at a time; answers the silo it ran on.</summary>
    Task<string> Produce(int from, int count, int failingSequence = -1);
}

public sealed class EventProducerGrain(ILocalSiloDetails silo) : Grain, IEventProducerGrain
{
    public async Task<string> Produce(int from, int count, int failingSequence = -1)
    {
        var stream = this.GetStreamProvider(TestStreams.Provider).GetStream<TestEvent>(TestStreams.For(this.GetPrimaryKey()));
        for (var sequence = from; sequence < from + count; sequence++)
            await stream.OnNextAsync(new TestEvent(Guid.NewGuid(), this.GetPrimaryKey(), sequence, sequence == failingSequence));
        return silo.SiloAddress.ToString();
    }
}

public interface IRecordingConsumerGrain : IGrainWithGuidKey;

/// <summary>Records every event it receives (duplicates included) in <see cref="ReceivedEvents"/>; throws for events marked to fail.</summary>
[ImplicitStreamSubscription(TestStreams.Namespace)]
public sealed class RecordingConsumerGrain(ILocalSiloDetails silo) : Grain, IRecordingConsumerGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(TestStreams.Provider).GetStream<TestEvent>(TestStreams.For(this.GetPrimaryKey()));
        await stream.SubscribeAsync(OnNextAsync);
    }

    private async Task OnNextAsync(TestEvent streamEvent, StreamSequenceToken? token)
    {
        await ConsumerGates.PassAsync(silo.SiloAddress.ToString());
        if (streamEvent.AlwaysFails)
            throw new InvalidOperationException($"Event {streamEvent.Sequence} always fails");
        ReceivedEvents.Record(streamEvent);
    }
}

/// <summary>What the consumers received, across all in-process silos, per stream in arrival order.</summary>
public static class ReceivedEvents
{
    private static readonly ConcurrentDictionary<Guid, List<TestEvent>> byStream = new();

    public static void Record(TestEvent streamEvent)
    {
        var events = byStream.GetOrAdd(streamEvent.Stream, _ => []);
        lock (events)
            events.Add(streamEvent);
    }

    /// <summary>Every delivery of the stream, duplicates included.</summary>
    public static IReadOnlyList<TestEvent> All(Guid stream)
    {
        if (!byStream.TryGetValue(stream, out var events))
            return [];
        lock (events)
            return [.. events];
    }

    /// <summary>The sequences the stream delivered, each event counted once (by id), in first-arrival order.</summary>
    public static IReadOnlyList<int> Sequences(Guid stream) =>
        All(stream).DistinctBy(e => e.Id).Select(e => e.Sequence).ToList();
}

/// <summary>Lets a test hold consumers of one silo at the door, so their messages stay unacknowledged.</summary>
public static class ConsumerGates
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> closed = new();

    public static void Close(string silo) => closed.TryAdd(silo, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public static void Open(string silo)
    {
        if (closed.TryRemove(silo, out var gate))
            gate.TrySetResult();
    }

    public static Task PassAsync(string silo) => closed.TryGetValue(silo, out var gate) ? gate.Task : Task.CompletedTask;
}
