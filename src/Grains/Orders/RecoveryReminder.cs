using MarketMicro.Orders;

namespace MarketMicro.Grains.Orders;

/// <summary>
/// What an order kept of the recovery it had before its row was stamped with the work it owes (<see cref="IOwesWork"/>):
/// orders stored then may still be tracked by their <see cref="IOrderRecoveryGrain"/> bucket, and are untracked once
/// nothing is left; orders stored before the buckets may still hold a reminder of their own (<see cref="Name"/>), which
/// fires once more and is removed.
/// </summary>
public sealed class RecoveryReminder(Grain grain, IGrainFactory grains)
{
    public const string Name = "order-recovery";

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
