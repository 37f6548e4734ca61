using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MarketMicro.Streaming.RabbitMQ.Tests;

public sealed class PublicExchangeTests
{
    [Fact]
    public async Task APlainAmqpConsumerReceivesTheMappedEventsAsJson()
    {
        var exchange = $"test.public.{Guid.NewGuid():N}";
        await using var streams = await StreamsCluster.StartAsync(silos: 1, o => o.PublicExchange = exchange,
            siloServices: services => services.AddSingleton<IRabbitMqPublicMessageMapper, EvenSequenceMapper>());
        await using var connection = await TestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "test.#");
        var received = new ConcurrentQueue<BasicDeliverEventArgs>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.Enqueue(new BasicDeliverEventArgs(delivery.ConsumerTag, delivery.DeliveryTag, delivery.Redelivered,
                delivery.Exchange, delivery.RoutingKey, delivery.BasicProperties, delivery.Body.ToArray()));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        var stream = Guid.NewGuid();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await streams.Client.GetGrain<IEventProducerGrain>(stream).Produce(0, 10);

        await StreamsCluster.WaitForAsync(() => received.Count >= 5, TimeSpan.FromSeconds(10));
        await Task.Delay(200);
        var copies = received.ToList();
        Assert.Equal([0, 2, 4, 6, 8], copies.Select(c => JsonSerializer.Deserialize<TestEvent>(c.Body.Span)!.Sequence));
        Assert.All(copies, copy =>
        {
            var body = JsonSerializer.Deserialize<TestEvent>(copy.Body.Span)!;
            Assert.Equal("test.event", copy.RoutingKey);
            Assert.Equal(body.Id.ToString(), copy.BasicProperties.MessageId);
            Assert.Equal("test-event", copy.BasicProperties.Type);
            Assert.Equal("application/json", copy.BasicProperties.ContentType);
            Assert.Equal(DeliveryModes.Persistent, copy.BasicProperties.DeliveryMode);
            Assert.InRange(copy.BasicProperties.Timestamp.UnixTime, before, before + 60);
        });
        await StreamsCluster.WaitForAsync(() => ReceivedEvents.Sequences(stream).Count >= 10, TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 10), ReceivedEvents.Sequences(stream));
    }

    /// <summary>Publishes the events with an even sequence as JSON; odd ones stay private.</summary>
    private sealed class EvenSequenceMapper : IRabbitMqPublicMessageMapper
    {
        public bool TryMap(object streamEvent, StreamId streamId, out RabbitMqPublicMessage message)
        {
            if (streamEvent is TestEvent { Sequence: var sequence } testEvent && sequence % 2 == 0)
            {
                message = new RabbitMqPublicMessage("test.event", testEvent.Id.ToString(), "test-event",
                    DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(testEvent)));
                return true;
            }
            message = null!;
            return false;
        }
    }
}
