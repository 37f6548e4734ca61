using MarketMicro.Orders;

namespace MarketMicro.Users;

/// <summary>One user, keyed by user id: profile, credentials, role, refresh-token families and order ids.</summary>
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Creates the account; repeating it for the same email returns the account (idempotent).</summary>
    Task<UserProfile> Create(NewAccount account);

    /// <summary>The profile, or null when no account was created under this id.</summary>
    Task<UserProfile?> GetProfile();

    Task<UserProfile> UpdateProfile(ProfileChange change);

    /// <summary>
    /// Checks the password and opens a new refresh-token family (a device). Wrong passwords count per client
    /// (<paramref name="clientKey"/>, its address) towards a growing wait (429 with Retry-After) that refuses even a
    /// right password from that client while it lasts; other clients are not held back.
    /// </summary>
    Task<RefreshGrant> SignIn(string password, string clientKey);

    /// <summary>Rotates a refresh token. A token presented twice revokes its whole family.</summary>
    Task<RefreshGrant> Refresh(string refreshToken);

    /// <summary>Revokes the family of this refresh token (logout on one device).</summary>
    Task SignOut(string refreshToken);

    /// <summary>
    /// Remembers that the user placed this order (idempotent). Only orders accepted before their carts listed them
    /// (2026-12-05) still call it; <see cref="ListOrders"/> takes the rest from the user's cart.
    /// </summary>
    Task RecordOrder(Guid orderId);

    /// <summary>The user's order ids, newest first: those the user's cart placed, after any recorded here.</summary>
    Task<OrderIdPage> ListOrders(int skip, int take);
}
