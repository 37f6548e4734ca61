using MarketMicro.Orders;
using MarketMicro.Events;
using MarketMicro.Grains.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketMicro.Grains.Orders;

/// <summary>
/// One order: a thin shell over the <see cref="Order"/> aggregate that runs the placement saga against the products.
/// Every change is written with its events and the work it owes, and the storage stamps the row of an order that owes
/// work (<see cref="IOwesWork"/>); the recovery sweep (<see cref="OrderRecoveryGrain"/>) resumes that work after a crash.
/// </summary>
public sealed class OrderGrain(
    [PersistentState(StateNames.Order)] IPersistentState<Order> state,
    TimeProvider clock,
    IOptions<OrderOptions> options,
    IOrderSagaProbe probe,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain, IRemindable
{
    private RecoveryReminder reminder = null!;
    private OrderFollowUp followUp = null!;
    private CoalescedWrite writes = null!;

    private Order Order => state.State;

    private OrderStock Stock => new(GrainFactory, Order.Id, Order.Requested);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        reminder = new RecoveryReminder(this, GrainFactory);
        writes = new CoalescedWrite(() => state.WriteStateAsync(), DeactivateOnIdle);
        followUp = new OrderFollowUp(GrainFactory, new OutboxPublisher(this, EventStreams.ForOrder(this.GetPrimaryKey())), reminder);
        if (Order.Exists && Order.Status != OrderStatus.Placing && Order.HasPendingWork)
        {
            await TryFinishPendingWorkAsync();
        }
    }

    /// <summary>A record of finished work that is still being stored goes to the store before the activation does.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        writes.WhenStoredAsync(LogFinishedWorkNotStored);

    public Task<OrderSnapshot> Place(PlaceOrder request) => PlaceAsync(request, storeRequest: true);

    public Task<OrderSnapshot> PlaceStoredRequest(PlaceOrder request) => PlaceAsync(request, storeRequest: false);

    /// <summary>
    /// Places the order. With <paramref name="storeRequest"/>, the request is stored (the order's row stamped as owing
    /// work) before any stock is touched, and the recovery sweep resumes it after a crash; without, the caller holds the
    /// request durably and resumes it, and a crash mid-placement leaves no order row: the products' sales to this order
    /// are idempotent, so the resumed placement finds them again (or releases them when it is refused).
    /// </summary>
    private async Task<OrderSnapshot> PlaceAsync(PlaceOrder request, bool storeRequest)
    {
        NewGrain.Forget();
        if (!Order.Exists)
        {
            Order.Begin(this.GetPrimaryKey(), request, Now(), options.Value.MaxLines);
            if (storeRequest)
            {
                await StoreAsync();
            }
        }

        return Order.Status switch
        {
            OrderStatus.Placing => await RunPlacementAsync(),
            OrderStatus.Rejected => throw Order.ShortConflict(),
            _ => Order.Snapshot(),
        };
    }

    public Task<OrderSnapshot?> Get() => Task.FromResult(Order.IsVisible ? Order.Snapshot() : null);

    public Task<OrderStatus?> GetStatus() => Task.FromResult(Order.Exists ? Order.Status : (OrderStatus?)null);

    public Task<OrderSnapshot> Cancel(long? expectedVersion = null) => ChangeStatus(OrderStatus.Cancelled, expectedVersion);

    public async Task<OrderSnapshot> ChangeStatus(OrderStatus to, long? expectedVersion = null)
    {
        Order.ChangeStatus(to, Now(), expectedVersion);
        await StoreAsync();
        await FinishPendingWorkAndLeaveAsync();
        return Order.Snapshot();
    }

    public async Task<bool> Recover()
    {
        if (!Order.Exists)
        {
            // Swept or tracked after a first write that failed: there is nothing to recover.
            DeactivateOnIdle();
            return true;
        }

        if (Order.Status == OrderStatus.Placing)
        {
            try
            {
                await RunPlacementAsync();
            }
            catch (ConflictException)
            {
                // Refused on recovery: everything was released and the order is marked rejected.
            }
        }
        else
        {
            await TryFinishPendingWorkAsync();
        }

        return !Order.HasPendingWork;
    }

    /// <summary>The order's own reminder, from before the recovery buckets: it recovers once more and goes.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RecoveryReminder.Name && await Recover())
        {
            await reminder.RemoveLegacyAsync();
        }
    }

    private async Task<OrderSnapshot> RunPlacementAsync()
    {
        var stock = Stock;
        var (granted, shortProducts) = await stock.SellAllAsync();
        if (shortProducts.Count > 0)
        {
            await stock.ReleaseAllAsync();
            var refusal = Order.Reject(shortProducts);
            await writes.WriteAsync();
            await FinishPendingWorkAndLeaveAsync();
            throw refusal;
        }

        await probe.OnStepAsync(Order.Id, SagaSteps.Reserved);
        Order.Accept(granted, Now());
        await probe.OnStepAsync(Order.Id, SagaSteps.Committed);
        await writes.WriteAsync();
        await probe.OnStepAsync(Order.Id, SagaSteps.Stored);
        await FinishPendingWorkAndLeaveAsync();
        return Order.Snapshot();
    }

    /// <summary>
    /// Does what the last change still owes; whatever fails is left for the recovery sweep. That the work is done is
    /// stored without anyone waiting for it: each part of it is idempotent, so a crash before that write only means
    /// the order does the work once more (consumers deduplicate events by id).
    /// </summary>
    private async Task TryFinishPendingWorkAsync()
    {
        if (!Order.HasPendingWork && !Order.RecoveryReminderRegistered)
        {
            return;
        }

        try
        {
            await followUp.RunAsync(Order);
        }
        catch (Exception ex) when (ex is not ConflictException)
        {
            logger.LogWarning(ex, "Order {OrderId}: pending work left for the recovery sweep", Order.Id);
            return;
        }

        writes.WriteWithoutWaiting(LogFinishedWorkNotStored);
    }

    /// <summary>
    /// After a change: does what it owes, and an order with nothing left to do then leaves memory as soon as it is idle
    /// (its last write still goes to the store first): it is seldom asked again soon, and a shop placing a thousand
    /// orders a second would otherwise hold every order of its collection age in memory. Asked again, it is read from
    /// its one stored row.
    /// </summary>
    private async Task FinishPendingWorkAndLeaveAsync()
    {
        await TryFinishPendingWorkAsync();
        if (!Order.HasPendingWork)
        {
            DeactivateOnIdle();
        }
    }

    private void LogFinishedWorkNotStored(Exception ex) =>
        logger.LogWarning(ex, "Order {OrderId}: the record of finished work was not stored; it is done again on the next activation", Order.Id);

    /// <summary>
    /// Stores a change that leaves work behind before any of that work starts; the write stamps the order's row as owing
    /// work, which is what the recovery sweep finds after a crash. If it fails the activation is dropped, so that what it
    /// holds in memory never runs ahead of what is stored.
    /// </summary>
    private async Task StoreAsync()
    {
        try
        {
            await writes.WriteAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
