using MarketMicro.Events;
using MarketMicro.Orders;
using MarketMicro.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace MarketMicro.Grains.Orders;

/// <summary>
/// Runs the placement saga and the lifecycle of one order. Every change is written together with its events
/// (outbox) and any stock work it owes; a durable reminder resumes that work after a crash until none is left.
/// </summary>
public sealed class OrderGrain(
    [PersistentState("order")] IPersistentState<OrderState> state,
    TimeProvider clock,
    IOptions<OrderOptions> options,
    IOrderSagaProbe probe,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain, IRemindable
{
    private const string RecoveryReminder = "order-recovery";

    private OrderState Order => state.State;

    private Guid OrderId => this.GetPrimaryKey();

    private OrderStock Stock => new(GrainFactory, OrderId, Order.Requested);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Order.Exists && Order.Status != OrderStatus.Placing && Order.HasPendingWork)
        {
            await TryFinishPendingWorkAsync();
        }
    }

    public async Task<OrderSnapshot> Place(PlaceOrder request)
    {
        if (Order.Exists)
        {
            return await ResumePlacementAsync();
        }

        OrderRequestRules.Validate(request, options.Value.MaxLines);
        await EnsureRecoveryReminderAsync();
        var now = Now();
        Order.Exists = true;
        Order.Status = OrderStatus.Placing;
        Order.UserId = request.UserId;
        Order.CustomerEmail = request.CustomerEmail;
        Order.ShippingAddress = request.ShippingAddress;
        Order.Requested = OrderRequestRules.MergeLines(request.Lines);
        Order.CreatedAt = now;
        Order.UpdatedAt = now;
        await state.WriteStateAsync();
        return await RunPlacementAsync();
    }

    public Task<OrderSnapshot?> Get() =>
        Task.FromResult(Order.Exists && OrderLifecycle.IsVisible(Order.Status) ? Snapshot() : null);

    public Task<OrderSnapshot> Cancel() => ChangeStatus(OrderStatus.Cancelled);

    public async Task<OrderSnapshot> ChangeStatus(OrderStatus to)
    {
        if (!Order.Exists || !OrderLifecycle.IsVisible(Order.Status))
        {
            throw new NotFoundException($"Order {OrderId} does not exist.");
        }

        var from = Order.Status;
        OrderLifecycle.EnsureCanMove(from, to);
        await EnsureRecoveryReminderAsync();
        var now = MoveTo(to);
        Order.StockWork = to switch
        {
            OrderStatus.Cancelled => PendingStockWork.Release,
            OrderStatus.Delivered => PendingStockWork.Settle,
            _ => PendingStockWork.None,
        };
        Order.Outbox.Add(to == OrderStatus.Cancelled
            ? new OrderCancelled(Guid.NewGuid(), now, Snapshot(), from)
            : new OrderStatusChanged(Guid.NewGuid(), now, Snapshot(), from, to));
        await state.WriteStateAsync();
        await TryFinishPendingWorkAsync();
        return Snapshot();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RecoveryReminder)
        {
            return;
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

            return;
        }

        await TryFinishPendingWorkAsync();
    }

    private async Task<OrderSnapshot> ResumePlacementAsync() => Order.Status switch
    {
        OrderStatus.Placing => await RunPlacementAsync(),
        OrderStatus.Rejected => throw ShortConflict(Order.ShortProducts),
        _ => Snapshot(),
    };

    private async Task<OrderSnapshot> RunPlacementAsync()
    {
        var stock = Stock;
        var (granted, shortProducts) = await stock.ReserveAllAsync();
        if (shortProducts.Count > 0)
        {
            await stock.ReleaseAllAsync();
            Order.Status = OrderStatus.Rejected;
            Order.ShortProducts = [.. shortProducts];
            await state.WriteStateAsync();
            await TryFinishPendingWorkAsync();
            throw ShortConflict(shortProducts);
        }

        await probe.OnStepAsync(OrderId, SagaSteps.Reserved);
        await stock.CommitAllAsync();
        await probe.OnStepAsync(OrderId, SagaSteps.Committed);

        Order.Lines = granted.Select(g => new OrderLine(g.Line.ProductId, g.Result.Name, g.Result.UnitPrice, g.Line.Quantity)).ToList();
        Order.Currency = granted[0].Result.Currency;
        var now = MoveTo(OrderStatus.Placed);
        Order.Outbox.Add(new OrderPlaced(Guid.NewGuid(), now, Snapshot()));
        await state.WriteStateAsync();
        await probe.OnStepAsync(OrderId, SagaSteps.Stored);
        await TryFinishPendingWorkAsync();
        return Snapshot();
    }

    /// <summary>Does what the last change still owes: stock work, the user's order list, publishing the outbox.</summary>
    private async Task TryFinishPendingWorkAsync()
    {
        try
        {
            await FinishPendingWorkAsync();
        }
        catch (Exception ex) when (ex is not ConflictException)
        {
            logger.LogWarning(ex, "Order {OrderId}: pending work left for the recovery reminder", OrderId);
        }
    }

    private async Task FinishPendingWorkAsync()
    {
        if (Order.StockWork != PendingStockWork.None)
        {
            await (Order.StockWork == PendingStockWork.Release ? Stock.ReleaseAllAsync() : Stock.SettleAllAsync());
            Order.StockWork = PendingStockWork.None;
        }

        if (OrderLifecycle.IsVisible(Order.Status) && !Order.RecordedWithUser)
        {
            await GrainFactory.GetGrain<IUserGrain>(Order.UserId).RecordOrder(OrderId);
            Order.RecordedWithUser = true;
        }

        if (Order.Outbox.Count > 0)
        {
            var stream = this.GetStreamProvider(ProviderNames.Streams).GetStream<ShopEvent>(StreamId.Create(StreamNamespaces.Orders, OrderId));
            foreach (var pending in Order.Outbox)
            {
                await stream.OnNextAsync(pending);
            }

            Order.Outbox.Clear();
        }

        if (Order.RecoveryReminderRegistered && !Order.HasPendingWork)
        {
            if (await this.GetReminder(RecoveryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            Order.RecoveryReminderRegistered = false;
        }

        await state.WriteStateAsync();
    }

    private async Task EnsureRecoveryReminderAsync()
    {
        if (Order.RecoveryReminderRegistered)
        {
            return;
        }

        var interval = options.Value.RecoveryInterval;
        await this.RegisterOrUpdateReminder(RecoveryReminder, interval, interval);
        Order.RecoveryReminderRegistered = true;
    }

    private DateTime MoveTo(OrderStatus status)
    {
        var now = Now();
        Order.Status = status;
        Order.History.Add(new StatusChange(status, now));
        Order.UpdatedAt = now;
        Order.Version++;
        return now;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static ConflictException ShortConflict(IReadOnlyList<Guid> shortProducts) =>
        new("Not enough stock for some products; nothing was reserved.", shortProducts.Select(id => id.ToString()).ToList());

    private OrderSnapshot Snapshot() => new(
        OrderId, Order.UserId, Order.Status, Order.Lines, Order.Currency, Order.ShippingAddress,
        Order.CreatedAt, Order.UpdatedAt, Order.History, Order.Version, Order.CustomerEmail);
}
