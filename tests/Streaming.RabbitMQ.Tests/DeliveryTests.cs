namespace MarketMicro.Streaming.RabbitMQ.Tests;

public sealed class DeliveryTests
{
    [Fact]
    public async Task EventsFromTwoSilosReachTheirConsumersOnceEachAndInStreamOrder()
    {
        await using var streams = await StreamsCluster.StartAsync(silos: 2);
        var streamIds = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        const int perStream = 50;

        var producerSilos = await Task.WhenAll(streamIds.Select(id =>
            streams.Client.GetGrain<IEventProducerGrain>(id).Produce(0, perStream)));

        await StreamsCluster.WaitForAsync(
            () => streamIds.All(id => ReceivedEvents.Sequences(id).Count >= perStream), TimeSpan.FromSeconds(30));
        Assert.Equal(2, producerSilos.Distinct().Count());
        foreach (var id in streamIds)
            Assert.Equal(Enumerable.Range(0, perStream), ReceivedEvents.Sequences(id));
        var health = streams.Cluster.Silos.Select(streams.Health).ToList();
        Assert.Equal(streamIds.Count * perStream, health.Sum(h => h.Published));
        Assert.Equal(0, health.Sum(h => h.DeadLettered));
    }

    [Fact]
    public async Task OnNextAsyncReturnsOnlyOnceTheBrokerHoldsTheMessage()
    {
        // The provider runs only on the client: no silo consumes, so the messages stay in their queue.
        await using var streams = await StreamsCluster.StartAsync(silos: 1, o => o.QueueCount = 1,
            providerOnSilos: false, providerOnClient: true);
        var stream = streams.Client.GetStreamProvider(TestStreams.Provider)
            .GetStream<TestEvent>(TestStreams.For(Guid.NewGuid()));
        var queue = streams.Options.QueueNames.Single();

        for (var sequence = 0; sequence < 5; sequence++)
        {
            await stream.OnNextAsync(new TestEvent(Guid.NewGuid(), Guid.Empty, sequence));
            Assert.Equal((uint)sequence + 1, await TestBroker.MessageCountAsync(queue));
        }
    }
}
