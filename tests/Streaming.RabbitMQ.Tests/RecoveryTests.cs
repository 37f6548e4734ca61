using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketMicro.Streaming.RabbitMQ.Tests;

public sealed class RecoveryTests
{
    [Fact]
    public async Task ABrokerRestartMidStreamLosesNothingAndTheHealthCheckFollowsTheConnection()
    {
        // This test stops the broker itself, so it does not hold off outages as the other stream tests do.
        await using var streams = await StreamsCluster.StartAsync(silos: 1, holdOffOutages: false);
        var silo = streams.Cluster.Silos[0];
        var health = streams.Health(silo);
        var healthChecks = new ServiceCollection().AddLogging()
            .AddKeyedSingleton(TestStreams.Provider, health)
            .AddHealthChecks().AddRabbitMqStreams(TestStreams.Provider, "ready").Services
            .BuildServiceProvider()
            .GetRequiredService<HealthCheckService>();
        var stream = Guid.NewGuid();
        var producer = streams.Client.GetGrain<IEventProducerGrain>(stream);
        await producer.Produce(0, 20);
        Assert.Equal(HealthStatus.Healthy, (await healthChecks.CheckHealthAsync()).Status);

        Task producing = Task.CompletedTask;
        await TestBroker.DuringOutageAsync(async () =>
        {
            producing = producer.Produce(20, 20);
            await StreamsCluster.WaitForAsync(() => !health.IsConnected, TimeSpan.FromSeconds(10));
            Assert.Equal(HealthStatus.Unhealthy, (await healthChecks.CheckHealthAsync()).Status);
            await Task.Delay(TimeSpan.FromSeconds(1));
        });

        await producing;
        await producer.Produce(40, 10);
        await StreamsCluster.WaitForAsync(() => ReceivedEvents.Sequences(stream).Count >= 50, TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, 50), ReceivedEvents.Sequences(stream));
        Assert.Equal(HealthStatus.Healthy, (await healthChecks.CheckHealthAsync()).Status);
        Assert.True(health.PublishRetries > 0, "the producer never had to retry: the outage was not observed");
    }

    [Fact]
    public async Task TheTestBrokerHelpersWaitOutAnOutageInsteadOfFailing()
    {
        // Test projects run in parallel: another project's outage may begin while a test here still cleans up its queues.
        var queue = $"outage-wait-{Guid.NewGuid():N}";
        await using (var connection = await TestBroker.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        }

        Task<uint> counting = Task.FromResult(uint.MaxValue);
        await TestBroker.DuringOutageAsync(async () =>
        {
            counting = TestBroker.MessageCountAsync(queue);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(counting.IsCompleted, "the count was answered (or failed) while the broker was down");
        });

        Assert.Equal(0u, await counting);
        await TestBroker.DeleteAsync([queue]);
    }

    [Fact]
    public async Task MessagesInFlightOnASiloThatDiesAreDeliveredByAnother()
    {
        // Enough queues that the queue balancer surely gives each silo some (with 4, one silo sometimes had none).
        // The consumers wait at their gates until the victim is gone: on a slow host that can take longer than the
        // default 10 s delivery time, after which a held event would count as failed and be queued again, out of order.
        await using var streams = await StreamsCluster.StartAsync(silos: 2, configure: options => options.QueueCount = 16,
            maxEventDeliveryTime: TimeSpan.FromSeconds(60));
        var survivor = streams.Cluster.Silos[0];
        var victim = streams.Cluster.Silos[1];
        var survivorAddress = survivor.SiloAddress.ToString();
        var victimAddress = victim.SiloAddress.ToString();
        var survivorHealth = streams.Health(survivor);
        var victimHealth = streams.Health(victim); // taken now: once killed, the victim's services cannot be asked
        // A silo that joins takes its share of the queues only once the balancer has seen it: until then the first silo
        // consumes them all and the victim would have nothing in flight to lose.
        await StreamsCluster.WaitForAsync(() => OwnsAShareOfTheQueues(survivorHealth, victimHealth, 16),
            TimeSpan.FromSeconds(30));
        ConsumerGates.Close(survivorAddress);
        ConsumerGates.Close(victimAddress);
        try
        {
            var streamIds = Enumerable.Range(0, 16).Select(_ => Guid.NewGuid()).ToList();
            await Task.WhenAll(streamIds.Select(id => streams.Client.GetGrain<IEventProducerGrain>(id).Produce(0, 10)));
            // Every message has reached a receiver and none can be acknowledged while the consumers wait at their gates.
            var queued = new Dictionary<string, uint>();
            await StreamsCluster.WaitForAsync(() =>
            {
                foreach (var queue in streams.Options.QueueNames)
                    queued[queue] = TestBroker.MessageCountAsync(queue).GetAwaiter().GetResult();
                return queued.Values.All(count => count == 0);
            }, TimeSpan.FromSeconds(10));
            Assert.All(queued.Values, count => Assert.Equal(0u, count));
            Assert.Equal(0, victimHealth.Acknowledged);

            var victimQueues = victimHealth.ConsumingQueues;
            await streams.Cluster.KillSiloAsync(victim);
            await victim.DisposeAsync();
            ConsumerGates.Open(survivorAddress);

            await StreamsCluster.WaitForAsync(
                () => streamIds.All(id => ReceivedEvents.Sequences(id).Count >= 10), TimeSpan.FromSeconds(45));
            foreach (var id in streamIds)
                Assert.Equal(Enumerable.Range(0, 10), ReceivedEvents.Sequences(id));
            Assert.True(survivorHealth.Redelivered > 0,
                $"the survivor never received a redelivered message; the victim consumed {victimQueues} queues when it was killed; "
                + $"survivor {Describe(survivorHealth)}; victim {Describe(victimHealth)}");
            await StreamsCluster.WaitForAsync(() => survivorHealth.ConsumingQueues == 16, TimeSpan.FromSeconds(30));
        }
        finally
        {
            ConsumerGates.Open(survivorAddress);
            ConsumerGates.Open(victimAddress);
        }
    }

    private static string Describe(RabbitMqStreamsHealth health) =>
        string.Join(", ", health.Snapshot().Select(counter => $"{counter.Key} {counter.Value}"));

    /// <summary>Each silo consumes some of the queues, and no queue is consumed by both.</summary>
    private static bool OwnsAShareOfTheQueues(RabbitMqStreamsHealth first, RabbitMqStreamsHealth second, int queues) =>
        first.ConsumingQueues > 0 && second.ConsumingQueues > 0 && first.ConsumingQueues + second.ConsumingQueues == queues;
}
