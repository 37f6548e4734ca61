using MarketMicro.Grains.Users;
using MarketMicro.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace MarketMicro.Grains.Tests.Users;

public sealed class IdentityGrainTests(ShopClusterFixture fixture) : IClassFixture<ShopClusterFixture>
{
    private const string Password = "correct horse battery";
    private const string Client = "192.0.2.10";

    private ShopCluster Shop => fixture.Shop;

    [Fact]
    public async Task TwentyConcurrentRegistrationsOfOneEmailCreateExactlyOneAccount()
    {
        var email = NewEmail();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                return await Index(email).Register(new NewAccount(email, Password, $"Racer {i}", UserRoles.Customer));
            }
            catch (ConflictException)
            {
                return null;
            }
        }));

        var winner = Assert.Single(attempts, profile => profile is not null);
        var grant = await Index(email).SignIn(Password, Client);
        Assert.Equal(winner!.Id, grant.User.Id);
    }

    [Fact]
    public async Task RefreshRotatesTheTokenAndReusingAnOldOneRevokesTheWholeFamily()
    {
        var email = NewEmail();
        await Register(email);
        var first = await Index(email).SignIn(Password, Client);
        var otherDevice = await Index(email).SignIn(Password, Client);
        var user = Shop.Client.GetGrain<IUserGrain>(first.User.Id);

        var second = await user.Refresh(first.RefreshToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        var third = await user.Refresh(second.RefreshToken);

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => user.Refresh(first.RefreshToken));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => user.Refresh(third.RefreshToken));
        Assert.NotNull(await user.Refresh(otherDevice.RefreshToken));
    }

    [Fact]
    public async Task SigningOutRevokesThatDevicesToken()
    {
        var email = NewEmail();
        await Register(email);
        var grant = await Index(email).SignIn(Password, Client);
        var user = Shop.Client.GetGrain<IUserGrain>(grant.User.Id);

        await user.SignOut(grant.RefreshToken);

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => user.Refresh(grant.RefreshToken));
    }

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountUntilTheLockoutExpires()
    {
        var email = NewEmail();
        await Register(email);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<AuthenticationFailedException>(() => Index(email).SignIn("wrong password", Client));
        }

        var locked = await Assert.ThrowsAsync<TooManyRequestsException>(() => Index(email).SignIn(Password, Client));
        Assert.InRange(locked.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));

        await Task.Delay(locked.RetryAfter + TimeSpan.FromMilliseconds(100));
        Assert.NotNull(await Index(email).SignIn(Password, Client));
    }

    [Fact]
    public async Task UnknownEmailsAndWrongPasswordsAreRefusedAlike()
    {
        var email = NewEmail();
        await Register(email);
        var unknown = await Assert.ThrowsAsync<AuthenticationFailedException>(() => Index(NewEmail()).SignIn(Password, Client));
        var wrong = await Assert.ThrowsAsync<AuthenticationFailedException>(() => Index(email).SignIn("not the password", Client));
        Assert.Equal(unknown.Message, wrong.Message);
    }

    [Fact]
    public async Task AReservationWhoseAccountWasNeverCreatedIsTakenOverByTheNextRegistration()
    {
        var email = NewEmail();
        var reservedFor = Guid.NewGuid();
        await WriteIndexStateAsync(email, new UserEmailIndexState { UserId = reservedFor, Confirmed = false });

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => Index(email).SignIn(Password, Client));
        var profile = await Register(email);

        Assert.Equal(reservedFor, profile.Id);
        Assert.NotNull(await Index(email).SignIn(Password, Client));
    }

    [Fact]
    public async Task AnAccountCreatedBeforeTheIndexConfirmedItCanSignInAndCannotBeRegisteredTwice()
    {
        var email = NewEmail();
        var userId = Guid.NewGuid();
        await WriteIndexStateAsync(email, new UserEmailIndexState { UserId = userId, Confirmed = false });
        await Shop.Client.GetGrain<IUserGrain>(userId).Create(new NewAccount(email, Password, "Half done", UserRoles.Customer));

        var grant = await Index(email).SignIn(Password, Client);

        Assert.Equal(userId, grant.User.Id);
        await Assert.ThrowsAsync<ConflictException>(() => Register(email));
    }

    [Fact]
    public async Task EnsuringTheBootstrapAdminNeverOverwritesAnExistingAccount()
    {
        var email = NewEmail();
        await Register(email);

        var owner = await Index(email).EnsureAccount(new NewAccount(email, "another password", "Administrator", UserRoles.Admin));

        Assert.Equal(UserRoles.Customer, owner.Role);
        Assert.NotNull(await Index(email).SignIn(Password, Client));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => Index(email).SignIn("another password", Client));
    }

    private Task<UserProfile> Register(string email) =>
        Index(email).Register(new NewAccount(email, Password, "Test User", UserRoles.Customer));

    private IUserEmailIndexGrain Index(string email) => Shop.Client.GetGrain<IUserEmailIndexGrain>(email);

    /// <summary>Stores the index as a crash between its two writes would have left it (before the grain ever activates).</summary>
    private async Task WriteIndexStateAsync(string email, UserEmailIndexState state)
    {
        var storage = Shop.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("Default");
        await storage.WriteStateAsync("email", GrainId.Create("useremailindex", email), new GrainState<UserEmailIndexState>(state));
    }

    private static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";
}
