using MarketMicro.Carts;
using MarketMicro.Orders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace MarketMicro.Grains.Orders;

[GenerateSerializer, Alias("MarketMicro.Grains.Orders.OrderRecoveryState")]
public sealed class OrderRecoveryState
{
    /// <summary>The tracked orders and when each was tracked.</summary>
    [Id(0)] public Dictionary<Guid, DateTime> Orders { get; set; } = [];
}

/// <summary>
/// One bucket of the orders that may owe work after a crash. Its one reminder asks every order tracked for longer than
/// the recovery interval to finish its work; an order that has nothing left is dropped. Orders are no longer tracked
/// one by one (that cost each order a call and a share of a write): their rows are stamped while they owe work, and
/// the reminder of bucket <see cref="IOrderRecoveryGrain.StoredSweepBucket"/> also asks every order whose stamp is
/// older than the interval, and every cart whose stored checkout has been pending that long to finish it (an order
/// placed by a cart stores nothing before it sells: the cart's pending checkout is its request's one copy). A bucket
/// still holds the orders tracked before the stamp, and forgets each once it has nothing left (stored when the bucket
/// leaves memory). Reentrant.
/// </summary>
[Reentrant]
public sealed class OrderRecoveryGrain(
    [PersistentState(StateNames.OrderRecovery)] IPersistentState<OrderRecoveryState> state,
    IStoredWork storedWork,
    TimeProvider clock,
    IOptions<OrderOptions> options,
    ILogger<OrderRecoveryGrain> logger) : Grain, IOrderRecoveryGrain, IRemindable
{
    public const string SweepName = "order-recovery-sweep";
    private const int ParallelRecoveries = 32;

    /// <summary>
    /// The most stamped orders one pass asks, oldest stamp first; the next pass asks the rest. Orders that can never
    /// finish keep their old stamps and come first every pass, so this is high enough that only a store with this many
    /// of them could keep newer ones waiting (a pass only reads ids, 16 bytes each).
    /// </summary>
    private const int StoredOrdersPerPass = 100_000;
    private bool sweepRegistered;
    private bool sweeping;
    private bool untracked;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (untracked)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task StartSweeping()
    {
        if (!sweepRegistered)
        {
            var interval = options.Value.RecoveryInterval;
            await this.RegisterOrUpdateReminder(SweepName, interval, interval);
            sweepRegistered = true;
        }
    }

    /// <summary>
    /// Forgets the order without a write of its own: the bucket's write when it leaves memory carries it. Should the
    /// bucket crash first, it asks the order once more, and an order with nothing left answers so.
    /// </summary>
    public Task Untrack(Guid orderId)
    {
        untracked |= state.State.Orders.Remove(orderId);
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SweepName || sweeping)
        {
            return;
        }

        sweeping = true;
        try
        {
            var interval = options.Value.RecoveryInterval;
            var due = Now() - interval;
            var overdue = state.State.Orders.Where(tracked => tracked.Value <= due).Select(tracked => tracked.Key).ToHashSet();
            IReadOnlyList<Guid> carts = [];
            if (this.GetPrimaryKeyLong() == IOrderRecoveryGrain.StoredSweepBucket)
            {
                overdue.UnionWith(await ReadOwingAsync(StateNames.Order, interval));
                carts = await ReadOwingAsync(StateNames.Cart, interval);
            }

            await InParallelAsync(overdue, RecoverAsync);
            await InParallelAsync(carts, FinishCheckoutAsync);
        }
        finally
        {
            sweeping = false;
        }
    }

    private async Task RecoverAsync(Guid orderId)
    {
        try
        {
            if (await GrainFactory.Reference<IOrderGrain>(orderId).Recover())
            {
                await Untrack(orderId);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Order {OrderId}: recovery failed; tried again at the next sweep", orderId);
        }
    }

    /// <summary>
    /// A cart whose checkout has been pending for the interval: the order's request is stored only there (the order
    /// stores nothing before it sells), so the cart finishes the checkout, placing or refusing the order.
    /// </summary>
    private async Task FinishCheckoutAsync(Guid cartId)
    {
        try
        {
            await GrainFactory.Reference<ICartGrain>(cartId).FinishPendingCheckout();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Cart {CartId}: the pending checkout could not be finished; tried again at the next sweep", cartId);
        }
    }

    private static Task InParallelAsync(IEnumerable<Guid> ids, Func<Guid, Task> recover) =>
        Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ParallelRecoveries, TaskScheduler = TaskScheduler.Current },
            async (id, _) => await recover(id));

    /// <summary>The stored grains of a state that have owed work for the interval; none when the store cannot tell (tried next pass).</summary>
    private async Task<IReadOnlyList<Guid>> ReadOwingAsync(string stateName, TimeSpan interval)
    {
        try
        {
            return await storedWork.ReadOwingAsync(stateName, interval, StoredOrdersPerPass);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The {StateName} states that owe work could not be read; tried again at the next sweep", stateName);
            return [];
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
