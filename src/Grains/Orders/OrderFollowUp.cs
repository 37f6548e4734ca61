using MarketMicro.Grains.Events;
using MarketMicro.Users;

namespace MarketMicro.Grains.Orders;

/// <summary>
/// What an order owes after a stored change: stock work on its products (release on cancel, settle on shipping and
/// delivery), its place in the user's order list (only orders accepted before carts listed their orders), and
/// publishing its outbox (those two at once). Each part is idempotent and marked done in the order; once nothing is
/// left, an order still tracked by a recovery bucket is untracked.
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
