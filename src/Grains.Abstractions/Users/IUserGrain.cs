using MarketMicro.Orders;

namespace MarketMicro.Users;

/// <summary>One user, keyed by user id: profile, credentials, role, refresh-token families and order ids.</summary>
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Remembers that the user placed this order (idempotent).</summary>
    Task RecordOrder(Guid orderId);

    /// <summary>The user's order ids, newest first.</summary>
    Task<OrderIdPage> ListOrders(int skip, int take);
}
