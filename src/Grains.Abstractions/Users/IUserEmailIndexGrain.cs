namespace MarketMicro.Users;

/// <summary>
/// Keyed by normalized email (trimmed, lower-case): the one place that decides which user owns an email, so
/// registration is unique even when requests race, and login is a lookup.
/// </summary>
public interface IUserEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Registers a new account under this email; 409 when the email is taken.</summary>
    Task<UserProfile> Register(NewAccount account);

    /// <summary>
    /// Signs in by email; unknown emails cost the same time as wrong passwords and answer the same 401.
    /// <paramref name="clientKey"/> identifies the caller's address for the sign-in throttle (see <see cref="IUserGrain.SignIn"/>).
    /// </summary>
    Task<RefreshGrant> SignIn(string password, string clientKey);

    /// <summary>Creates the account if the email is free; never touches an existing account. Returns the owner's profile.</summary>
    Task<UserProfile> EnsureAccount(NewAccount account);

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
