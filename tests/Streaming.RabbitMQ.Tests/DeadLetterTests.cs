using System.Text;
using RabbitMQ.Client;

namespace MarketMicro.Streaming.RabbitMQ.Tests;

public sealed class DeadLetterTests
{
    [Fact]
    public async Task AnUnreadableMessageGoesStraightToTheDeadLetterQueueAndTheStreamKeepsFlowing()
    {
        await using var streams = await StreamsCluster.StartAsync(silos: 1, o => o.QueueCount = 1);
        var health = streams.Health(streams.Cluster.Silos[0]);
        var stream = Guid.NewGuid();
        var producer = streams.Client.GetGrain<IEventProducerGrain>(stream);
        await producer.Produce(0, 5);

        await TestBroker.PublishRawAsync(streams.Options.QueueNames.Single(), Encoding.UTF8.GetBytes("not an Orleans message"));
        await producer.Produce(5, 5);

        await StreamsCluster.WaitForAsync(
            () => ReceivedEvents.Sequences(stream).Count >= 10 && health.DeadLettered >= 1, TimeSpan.FromSeconds(20));
        Assert.Equal(Enumerable.Range(0, 10), ReceivedEvents.Sequences(stream));
        Assert.Equal(1, health.DeadLettered);
        var deadLetter = await TestBroker.GetAsync(streams.Options.DeadLetterQueueName);
        Assert.NotNull(deadLetter);
        Assert.Equal("not an Orleans message", Encoding.UTF8.GetString(deadLetter.Body.Span));
        Assert.StartsWith("unreadable message", Header(deadLetter, "x-dead-letter-reason"));
    }

    [Fact]
    public async Task AnEventItsConsumerAlwaysRejectsEndsInTheDeadLetterQueueAfterTheLastAttempt()
    {
        await using var streams = await StreamsCluster.StartAsync(silos: 1, o =>
        {
            o.QueueCount = 1;
            o.MaxDeliveryAttempts = 2;
        }, maxEventDeliveryTime: TimeSpan.FromMilliseconds(500));
        var health = streams.Health(streams.Cluster.Silos[0]);
        var stream = Guid.NewGuid();

        await streams.Client.GetGrain<IEventProducerGrain>(stream).Produce(0, 10, failingSequence: 3);

        var expected = Enumerable.Range(0, 10).Where(sequence => sequence != 3).ToList();
        await StreamsCluster.WaitForAsync(
            () => ReceivedEvents.Sequences(stream).Count >= expected.Count && health.DeadLettered >= 1, TimeSpan.FromSeconds(30));
        Assert.Equal(expected, ReceivedEvents.Sequences(stream));
        Assert.Equal(1, health.Retried);
        Assert.Equal(1, health.DeadLettered);
        var deadLetter = await TestBroker.GetAsync(streams.Options.DeadLetterQueueName);
        Assert.NotNull(deadLetter);
        Assert.Equal(2, deadLetter.BasicProperties.Headers!["x-attempts"]);
        Assert.Equal(TestStreams.For(stream).ToString(), Header(deadLetter, "x-orleans-stream"));
        Assert.Equal(0u, await TestBroker.MessageCountAsync(streams.Options.DeadLetterQueueName));
    }

    private static string Header(BasicGetResult message, string name) =>
        Encoding.UTF8.GetString((byte[])message.BasicProperties.Headers![name]!);
}
