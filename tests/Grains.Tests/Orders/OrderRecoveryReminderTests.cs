using MarketMicro.Grains.Orders;
using MarketMicro.Orders;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.Grains.Tests.Orders;

public sealed class OrderRecoveryReminderTests(ShopClusterFixture fixture) : IClassFixture<ShopClusterFixture>
{
    private ShopCluster Shop => fixture.Shop;

    [Fact]
    public async Task ARecoveryReminderOfAnOrderThatWasNeverStoredRemovesItselfAtItsFirstTick()
    {
        // What a failed first write leaves behind: the reminder was registered, the order never stored.
        var order = Shop.Client.GetGrain<IOrderGrain>(Guid.NewGuid()).GetGrainId();
        var table = Shop.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        await table.UpsertRow(new ReminderEntry
        {
            GrainId = order,
            ReminderName = RecoveryReminder.Name,
            StartAt = DateTime.UtcNow,
            Period = TimeSpan.FromSeconds(1),
        });
        Assert.NotEmpty((await table.ReadRows(order)).Reminders);

        await Eventually.HoldsAsync(
            async () => (await table.ReadRows(order)).Reminders.Count == 0,
            TimeSpan.FromSeconds(20),
            "the reminder of a never-stored order removing itself");
    }

    [Fact]
    public async Task AnOrderWithNothingLeftToDoHasNoReminder()
    {
        var product = await Shop.CreateProductAsync(stock: 5);
        var placed = await Shop.Client.GetGrain<IOrderGrain>(Guid.NewGuid())
            .Place(new PlaceOrder(Guid.NewGuid(), [new RequestedLine(product, 1)], null, "buyer@example.com"));
        var table = Shop.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var order = Shop.Client.GetGrain<IOrderGrain>(placed.Id).GetGrainId();

        await Eventually.HoldsAsync(
            async () => (await table.ReadRows(order)).Reminders.Count == 0,
            TimeSpan.FromSeconds(20),
            "the placed order's reminder going away");
    }
}
