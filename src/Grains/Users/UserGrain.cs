using MarketMicro.Orders;
using MarketMicro.Users;

namespace MarketMicro.Grains.Users;

public sealed class UserGrain([PersistentState("user")] IPersistentState<UserState> state) : Grain, IUserGrain
{
    private UserState User => state.State;

    public Task RecordOrder(Guid orderId)
    {
        if (User.OrderIds.Contains(orderId))
        {
            return Task.CompletedTask;
        }

        User.OrderIds.Add(orderId);
        return state.WriteStateAsync();
    }

    public Task<OrderIdPage> ListOrders(int skip, int take)
    {
        var newestFirst = Enumerable.Reverse(User.OrderIds).Skip(skip).Take(take).ToList();
        return Task.FromResult(new OrderIdPage(newestFirst, User.OrderIds.Count));
    }
}
