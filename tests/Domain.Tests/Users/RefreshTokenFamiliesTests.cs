using MarketMicro.Grains.Users;

namespace MarketMicro.Domain.Tests.Users;

public sealed class RefreshTokenFamiliesTests
{
    private static readonly Guid UserId = Guid.NewGuid();
    private static readonly DateTime Start = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private readonly RefreshTokenFamilies families = new();

    [Fact]
    public void RotatingGivesANewTokenOfTheSameOwnerAndTheOldOneStopsWorking()
    {
        var first = families.Open(UserId, Start, Lifetime);

        var outcome = families.Rotate(UserId, first, Start, Lifetime, out var second);

        Assert.Equal(RefreshTokenFamilies.Outcome.Rotated, outcome);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(UserId, MarketMicro.Users.RefreshTokenFormat.OwnerOf(second));
        Assert.Equal(RefreshTokenFamilies.Outcome.Rotated, families.Rotate(UserId, second, Start, Lifetime, out _));
    }

    [Fact]
    public void ReusingAUsedTokenRevokesItsWholeFamilyButNoOther()
    {
        var first = families.Open(UserId, Start, Lifetime);
        var otherDevice = families.Open(UserId, Start, Lifetime);
        families.Rotate(UserId, first, Start, Lifetime, out var second);

        var reuse = families.Rotate(UserId, first, Start, Lifetime, out var stolen);

        Assert.Equal(RefreshTokenFamilies.Outcome.ReuseDetected, reuse);
        Assert.Null(stolen);
        Assert.Equal(RefreshTokenFamilies.Outcome.Unknown, families.Rotate(UserId, second!, Start, Lifetime, out _));
        Assert.Equal(RefreshTokenFamilies.Outcome.Rotated, families.Rotate(UserId, otherDevice, Start, Lifetime, out _));
    }

    [Fact]
    public void AnUnknownTokenChangesNothing()
    {
        var token = families.Open(UserId, Start, Lifetime);

        Assert.Equal(RefreshTokenFamilies.Outcome.Unknown, families.Rotate(UserId, $"{UserId:N}.not-issued", Start, Lifetime, out var next));

        Assert.Null(next);
        Assert.Equal(RefreshTokenFamilies.Outcome.Rotated, families.Rotate(UserId, token, Start, Lifetime, out _));
    }

    [Fact]
    public void RevokingByTheCurrentOrAUsedTokenEndsThatFamily()
    {
        var current = families.Open(UserId, Start, Lifetime);
        var used = families.Open(UserId, Start, Lifetime);
        families.Rotate(UserId, used, Start, Lifetime, out var rotated);

        Assert.True(families.Revoke(current));
        Assert.True(families.Revoke(used));

        Assert.Equal(0, families.Count);
        Assert.False(families.Revoke(current));
        Assert.Equal(RefreshTokenFamilies.Outcome.Unknown, families.Rotate(UserId, rotated!, Start, Lifetime, out _));
    }

    [Fact]
    public void ExpiredFamiliesArePrunedAndTheirTokensStopWorking()
    {
        var expiring = families.Open(UserId, Start, Lifetime);
        var later = Start + Lifetime;

        families.Open(UserId, later, Lifetime);

        Assert.Equal(1, families.Count);
        Assert.Equal(RefreshTokenFamilies.Outcome.Unknown, families.Rotate(UserId, expiring, later, Lifetime, out _));
    }

    [Fact]
    public void RotatingSlidesTheFamilysExpiry()
    {
        var token = families.Open(UserId, Start, Lifetime);
        var almostExpired = Start + Lifetime - TimeSpan.FromMinutes(1);
        families.Rotate(UserId, token, almostExpired, Lifetime, out var next);

        Assert.Equal(RefreshTokenFamilies.Outcome.Rotated, families.Rotate(UserId, next!, Start + Lifetime + TimeSpan.FromDays(1), Lifetime, out _));
    }

    [Fact]
    public void AtMostTwentyFamiliesAreKeptAndTheOldestIsDroppedFirst()
    {
        var tokens = Enumerable.Range(0, 21).Select(i => families.Open(UserId, Start + TimeSpan.FromSeconds(i), Lifetime)).ToList();

        Assert.Equal(20, families.Count);
        Assert.Equal(RefreshTokenFamilies.Outcome.Unknown, families.Rotate(UserId, tokens[0], Start, Lifetime, out _));
        Assert.Equal(RefreshTokenFamilies.Outcome.Rotated, families.Rotate(UserId, tokens[1], Start, Lifetime, out _));
        Assert.Equal(RefreshTokenFamilies.Outcome.Rotated, families.Rotate(UserId, tokens[20], Start, Lifetime, out _));
    }
}
