using MarketMicro.Users;

namespace MarketMicro.Grains.Users;

/// <summary>
/// Owns one normalized email. Registration reserves the email for a new user id, creates the user, then confirms.
/// If a crash leaves a reservation unconfirmed, the next registration or sign-in looks at the user grain: an
/// account that exists is confirmed; a reservation whose account was never created is taken over. So an email can
/// never be stuck unable both to register and to sign in.
/// </summary>
public sealed class UserEmailIndexGrain(
    [PersistentState(StateNames.Email)] IPersistentState<UserEmailIndexState> state,
    Passwords passwords) : Grain, IUserEmailIndexGrain
{
    public async Task<UserProfile> Register(NewAccount account)
    {
        if (await OwnerAsync() is not null)
        {
            throw new ConflictException("An account with this email already exists.");
        }

        return await CreateAsync(account);
    }

    public async Task<RefreshGrant> SignIn(string password, string clientKey)
    {
        if (await OwnerAsync() is not { } userId)
        {
            passwords.VerifyNobody(password);
            throw new AuthenticationFailedException("Wrong email or password.");
        }

        return await User(userId).SignIn(password, clientKey);
    }

    public async Task<UserProfile> EnsureAccount(NewAccount account) =>
        await OwnerAsync() is { } userId ? (await User(userId).GetProfile())! : await CreateAsync(account);

    /// <summary>The confirmed owner of the email, after finishing any registration a crash interrupted.</summary>
    private async Task<Guid?> OwnerAsync()
    {
        if (state.State.UserId is not { } userId)
        {
            return null;
        }

        if (state.State.Confirmed)
        {
            return userId;
        }

        if (await User(userId).GetProfile() is null)
        {
            return null;
        }

        state.State.Confirmed = true;
        await state.WriteStateAsync();
        return userId;
    }

    private async Task<UserProfile> CreateAsync(NewAccount account)
    {
        state.State.UserId ??= Guid.NewGuid();
        state.State.Confirmed = false;
        await state.WriteStateAsync();

        var profile = await User(state.State.UserId.Value).Create(account);
        state.State.Confirmed = true;
        await state.WriteStateAsync();
        return profile;
    }

    private IUserGrain User(Guid userId) => GrainFactory.Reference<IUserGrain>(userId);
}
