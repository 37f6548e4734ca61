using MarketMicro.Carts;
using MarketMicro.Orders;
using MarketMicro.Users;
using Microsoft.Extensions.Options;

namespace MarketMicro.Grains.Users;

public sealed class UserGrain(
    [PersistentState(StateNames.User)] IPersistentState<UserState> state,
    Passwords passwords,
    TimeProvider clock,
    IOptions<UserOptions> options) : Grain, IUserGrain
{
    private const string WrongCredentials = "Wrong email or password.";
    private const string BadRefreshToken = "The refresh token is invalid, expired or already used.";

    private UserState User => state.State;

    private Guid UserId => this.GetPrimaryKey();

    public async Task<UserProfile> Create(NewAccount account)
    {
        if (User.Exists)
        {
            return User.Email == account.Email ? Profile() : throw new ConflictException("This account already exists.");
        }

        User.Exists = true;
        User.Email = account.Email;
        User.Name = account.Name;
        User.Role = account.Role;
        User.PasswordHash = passwords.Hash(account.Password);
        User.CreatedAt = Now();
        await state.WriteStateAsync();
        return Profile();
    }

    public Task<UserProfile?> GetProfile() => Task.FromResult(User.Exists ? Profile() : null);

    public async Task<UserProfile> UpdateProfile(ProfileChange change)
    {
        EnsureExists();
        User.Name = change.Name ?? User.Name;
        User.Phone = change.Phone ?? User.Phone;
        User.Address = change.Address ?? User.Address;
        await state.WriteStateAsync();
        return Profile();
    }

    public async Task<RefreshGrant> SignIn(string password, string clientKey)
    {
        if (!User.Exists)
        {
            passwords.VerifyNobody(password);
            throw new AuthenticationFailedException(WrongCredentials);
        }

        var now = Now();
        User.Throttle.EnsureOpen(clientKey, now);
        var (matches, rehash) = passwords.Verify(User.PasswordHash, password);
        if (!matches)
        {
            User.Throttle.RecordFailure(clientKey, now, options.Value);
            await state.WriteStateAsync();
            throw new AuthenticationFailedException(WrongCredentials);
        }

        User.Throttle.RecordSuccess(clientKey);
        if (rehash)
        {
            User.PasswordHash = passwords.Hash(password);
        }

        var token = User.RefreshTokens.Open(UserId, now, options.Value.RefreshTokenLifetime);
        await state.WriteStateAsync();
        return new RefreshGrant(token, now + options.Value.RefreshTokenLifetime, Profile());
    }

    public async Task<RefreshGrant> Refresh(string refreshToken)
    {
        if (!User.Exists)
        {
            throw new AuthenticationFailedException(BadRefreshToken);
        }

        var now = Now();
        var outcome = User.RefreshTokens.Rotate(UserId, refreshToken, now, options.Value.RefreshTokenLifetime, out var next);
        if (outcome == RefreshTokenFamilies.Outcome.Unknown)
        {
            throw new AuthenticationFailedException(BadRefreshToken);
        }

        await state.WriteStateAsync();
        return outcome == RefreshTokenFamilies.Outcome.Rotated
            ? new RefreshGrant(next!, now + options.Value.RefreshTokenLifetime, Profile())
            : throw new AuthenticationFailedException(BadRefreshToken);
    }

    public async Task SignOut(string refreshToken)
    {
        if (User.Exists && User.RefreshTokens.Revoke(refreshToken))
        {
            await state.WriteStateAsync();
        }
    }

    public Task RecordOrder(Guid orderId)
    {
        if (User.OrderIds.Contains(orderId))
        {
            return Task.CompletedTask;
        }

        User.OrderIds.Add(orderId);
        return state.WriteStateAsync();
    }

    /// <summary>
    /// The user's cart lists every order it placed (the cart is keyed by the user's id); orders accepted before carts
    /// listed them (2026-12-05) recorded themselves here, and come first.
    /// </summary>
    public async Task<OrderIdPage> ListOrders(int skip, int take)
    {
        var placed = await GrainFactory.Reference<ICartGrain>(UserId).PlacedOrders();
        var all = User.OrderIds.Count == 0 ? placed : User.OrderIds.Concat(placed).Distinct().ToList();
        var newestFirst = Enumerable.Reverse(all).Skip(skip).Take(take).ToList();
        return new OrderIdPage(newestFirst, all.Count);
    }

    private void EnsureExists()
    {
        if (!User.Exists)
        {
            throw new NotFoundException("This account does not exist.");
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private UserProfile Profile() => new(UserId, User.Email, User.Name, User.Role, User.CreatedAt, User.Phone, User.Address);
}
