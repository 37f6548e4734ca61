using MarketMicro.Grains.Events;
using MarketMicro.Users;

namespace MarketMicro.Grains.Orders;

/// <summary>
/// What an order owes after a stored change: stock work on its products (release on cancel, settle on shipping and delivery), its
/// place in the user's order list, and publishing its outbox (those two at once). Each part is idempotent and marked done
/// in the order; once nothing is left, an order still tracked by a recovery bucket is untracked.
/// </summary>
internal sealed class OrderFollowUp(IGrainFactory grains, OutboxPublisher outbox, RecoveryReminder reminder)
{
    public async Task RunAsync(Order order)
    {
        if (order.StockWork != PendingStockWork.None)
        {
            var stock = new OrderStock(grains, order.Id, order.Requested);
            await (order.StockWork == PendingStockWork.Release ? stock.ReleaseAllAsync() : stock.SettleAllAsync());
            order.StockWork = PendingStockWork.None;
        }

        await Task.WhenAll(RecordWithUserAsync(order), PublishAsync(order));
        if (order.RecoveryReminderRegistered && !order.HasPendingWork)
        {
            await reminder.RemoveAsync(order);
        }
    }

    /// <summary>
    /// Puts the order in its user's list ahead of <see cref="RunAsync"/>, while the order's accepting write is in
    /// flight, so that the buyer's answer waits for one write fewer. A failure is left to <see cref="RunAsync"/>, which
    /// tries again (and leaves it to the recovery sweep if it fails too). Should the order's write fail instead, the
    /// list holds an order still being placed, which it does not show; recovery places it as it was accepted.
    /// </summary>
    public async Task TryRecordWithUserAsync(Order order)
    {
        try
        {
            await RecordWithUserAsync(order);
        }
        catch (Exception)
        {
            // Whatever it is, the order's answer must not carry it: RecordedWithUser stays false and RunAsync records it.
        }
    }

    private async Task RecordWithUserAsync(Order order)
    {
        if (order.IsVisible && !order.RecordedWithUser)
        {
            await grains.Reference<IUserGrain>(order.UserId).RecordOrder(order.Id);
            order.RecordedWithUser = true;
        }
    }

    private async Task PublishAsync(Order order)
    {
        await outbox.PublishAsync(order.Outbox);
        outbox.DropPublished(order.Outbox);
    }
}
