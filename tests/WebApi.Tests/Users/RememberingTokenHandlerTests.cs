using System.Security.Claims;
using MarketMicro.WebApi.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MarketMicro.WebApi.Tests.Users;

public sealed class RememberingTokenHandlerTests
{
    private static readonly SymmetricSecurityKey Key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private readonly MovableClock clock = new(DateTimeOffset.UtcNow);

    /// <summary>The scheme's parameters, with the full validation's lifetime rule read on the test's clock.</summary>
    private TokenValidationParameters Parameters => new()
    {
        ValidIssuer = "shop",
        ValidAudience = "shop-api",
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        LifetimeValidator = (_, expires, _, parameters) => expires >= clock.GetUtcNow().UtcDateTime - parameters.ClockSkew,
    };

    [Fact]
    public async Task ARememberedTokenIsRefusedOnceItExpiresPastTheClockSkew()
    {
        var handler = new RememberingTokenHandler(clock) { MapInboundClaims = false };
        var token = Token(expiresIn: TimeSpan.FromMinutes(2));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);

        clock.Now += TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(20);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);

        clock.Now += TimeSpan.FromSeconds(20);
        var late = await handler.ValidateTokenAsync(token, Parameters);
        Assert.False(late.IsValid);
    }

    [Fact]
    public async Task EachUseOfARememberedTokenGetsItsOwnIdentityWithTheTokensClaims()
    {
        var handler = new RememberingTokenHandler(clock) { MapInboundClaims = false };
        var token = Token(expiresIn: TimeSpan.FromMinutes(10));

        var first = await handler.ValidateTokenAsync(token, Parameters);
        first.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        var second = await handler.ValidateTokenAsync(token, Parameters);
        var third = await handler.ValidateTokenAsync(token, Parameters);

        Assert.True(second.IsValid && third.IsValid);
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
        Assert.Equal(["customer"], second.ClaimsIdentity.FindAll("role").Select(c => c.Value));
        Assert.Equal("user-1", third.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal(((JsonWebToken)first.SecurityToken).ValidTo, ((JsonWebToken)third.SecurityToken).ValidTo);
    }

    [Fact]
    public async Task ATokenWithTheSameClaimsButAnotherSignatureIsStillRefused()
    {
        var handler = new RememberingTokenHandler(clock) { MapInboundClaims = false };
        Assert.True((await handler.ValidateTokenAsync(Token(TimeSpan.FromMinutes(10)), Parameters)).IsValid);

        var forged = Token(TimeSpan.FromMinutes(10), new SymmetricSecurityKey(new byte[32]));

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters)).IsValid);
    }

    private string Token(TimeSpan expiresIn, SecurityKey? key = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "shop",
            Audience = "shop-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now + expiresIn,
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity([new Claim("sub", "user-1"), new Claim("role", "customer")]),
        });
    }

    /// <summary>The handler's clock, moved by the tests.</summary>
    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
