namespace MarketMicro.Grains.Orders;

/// <summary>
/// The durable reminder that resumes an order's unfinished work after a crash. Registered before the first change
/// that leaves work behind, and removed once nothing is left; a tick for an order that was never stored removes it.
/// </summary>
public sealed class RecoveryReminder(Grain grain, TimeSpan interval)
{
    public const string Name = "order-recovery";

    public async Task EnsureAsync(Order order)
    {
        if (!order.RecoveryReminderRegistered)
        {
            await grain.RegisterOrUpdateReminder(Name, interval, interval);
            order.RecoveryReminderRegistered = true;
        }
    }

    public async Task RemoveAsync(Order order)
    {
        if (await grain.GetReminder(Name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        order.RecoveryReminderRegistered = false;
    }
}
