using MarketMicro.Grains.Users;

namespace MarketMicro.Domain.Tests.Users;

public sealed class SignInThrottleTests
{
    private const string Attacker = "203.0.113.66";
    private const string Owner = "198.51.100.7";

    private static readonly DateTime Start = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    private readonly UserOptions options = new()
    {
        MaxFailedSignIns = 5,
        FirstLockout = TimeSpan.FromSeconds(30),
        MaxLockout = TimeSpan.FromMinutes(15),
        FailureMemory = TimeSpan.FromMinutes(15),
        ThrottledClients = 50,
    };

    private readonly SignInThrottle throttle = new();

    [Fact]
    public void FailuresBelowTheLimitLeaveTheAddressOpen()
    {
        Fail(Attacker, options.MaxFailedSignIns - 1);

        throttle.EnsureOpen(Attacker, Start);
    }

    [Fact]
    public void TheAddressThatFailedTooOftenWaitsWithAGrowingRetryAfter()
    {
        Fail(Attacker, options.MaxFailedSignIns);
        var first = Assert.Throws<TooManyRequestsException>(() => throttle.EnsureOpen(Attacker, Start));

        throttle.RecordFailure(Attacker, Start, options);
        var second = Assert.Throws<TooManyRequestsException>(() => throttle.EnsureOpen(Attacker, Start));

        Assert.Equal(options.FirstLockout, first.RetryAfter);
        Assert.Equal(options.FirstLockout * 2, second.RetryAfter);
    }

    [Fact]
    public void TheWaitNeverExceedsTheMaximum()
    {
        Fail(Attacker, options.MaxFailedSignIns + 40);

        var refused = Assert.Throws<TooManyRequestsException>(() => throttle.EnsureOpen(Attacker, Start));

        Assert.Equal(options.MaxLockout, refused.RetryAfter);
    }

    [Fact]
    public void AnotherAddressIsNotHeldBackByAThrottledOne()
    {
        Fail(Attacker, options.MaxFailedSignIns + 10);

        throttle.EnsureOpen(Owner, Start);
        Assert.Throws<TooManyRequestsException>(() => throttle.EnsureOpen(Attacker, Start));
    }

    [Fact]
    public void TheWaitEndsOnItsOwn()
    {
        Fail(Attacker, options.MaxFailedSignIns);

        throttle.EnsureOpen(Attacker, Start + options.FirstLockout);
    }

    [Fact]
    public void ASuccessClearsOnlyThatAddress()
    {
        Fail(Attacker, options.MaxFailedSignIns);
        Fail(Owner, options.MaxFailedSignIns - 1);

        Assert.True(throttle.RecordSuccess(Owner));

        Fail(Owner, options.MaxFailedSignIns - 1);
        throttle.EnsureOpen(Owner, Start);
        Assert.Throws<TooManyRequestsException>(() => throttle.EnsureOpen(Attacker, Start));
        Assert.False(throttle.RecordSuccess("192.0.2.99"));
    }

    [Fact]
    public void FailuresAreForgottenAfterTheirMemoryExpires()
    {
        Fail(Attacker, options.MaxFailedSignIns - 1);
        var later = Start + options.FailureMemory;

        throttle.RecordFailure(Attacker, later, options);

        throttle.EnsureOpen(Attacker, later);
        Assert.Equal(1, throttle.RememberedClients);
    }

    [Fact]
    public void AnAddressStillWaitingIsNotForgottenEarly()
    {
        options.MaxLockout = TimeSpan.FromHours(1);
        Fail(Attacker, options.MaxFailedSignIns + 7);
        var pastMemory = Start + options.FailureMemory + TimeSpan.FromMinutes(1);

        throttle.RecordFailure(Owner, pastMemory, options);

        Assert.Throws<TooManyRequestsException>(() => throttle.EnsureOpen(Attacker, pastMemory));
    }

    [Fact]
    public void OnlyABoundedNumberOfAddressesIsRememberedAndTheOldestGoesFirst()
    {
        for (var i = 0; i < options.ThrottledClients + 10; i++)
        {
            throttle.RecordFailure($"10.0.0.{i}", Start + TimeSpan.FromSeconds(i), options);
        }

        Assert.Equal(options.ThrottledClients, throttle.RememberedClients);
        Assert.False(throttle.RecordSuccess("10.0.0.0"));
        Assert.True(throttle.RecordSuccess($"10.0.0.{options.ThrottledClients + 9}"));
    }

    private void Fail(string client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            throttle.RecordFailure(client, Start, options);
        }
    }
}
