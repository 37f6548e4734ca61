using MarketMicro.Orders;

namespace MarketMicro.Grains.Orders;

/// <summary>
/// What resumes an order's unfinished work after a crash: before the first change that leaves work behind the order is
/// tracked by its <see cref="IOrderRecoveryGrain"/> bucket (whose reminder asks it to recover), and it is untracked
/// once nothing is left. Orders stored before the buckets existed may still hold a reminder of their own
/// (<see cref="Name"/>); it fires once more and is removed.
/// </summary>
public sealed class RecoveryReminder(Grain grain, IGrainFactory grains)
{
    public const string Name = "order-recovery";

    /// <summary>
    /// Has the order tracked. The order is marked first, so that a write of the order made at the same time carries the
    /// mark; a caller whose tracking fails drops its activation.
    /// </summary>
    public Task EnsureAsync(Order order)
    {
        if (order.RecoveryReminderRegistered)
        {
            return Task.CompletedTask;
        }

        order.RecoveryReminderRegistered = true;
        return Bucket.Track(grain.GetPrimaryKey());
    }

    public async Task RemoveAsync(Order order)
    {
        await Bucket.Untrack(grain.GetPrimaryKey());
        order.RecoveryReminderRegistered = false;
    }

    /// <summary>Removes the order's own reminder, left by an earlier version of the shop.</summary>
    public async Task RemoveLegacyAsync()
    {
        if (await grain.GetReminder(Name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    private IOrderRecoveryGrain Bucket => grains.Reference<IOrderRecoveryGrain>(IOrderRecoveryGrain.BucketOf(grain.GetPrimaryKey()));
}
