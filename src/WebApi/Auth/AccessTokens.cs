using System.Security.Claims;
using MarketMicro.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MarketMicro.WebApi.Auth;

/// <summary>The answer to a login or refresh, as the contract shows it.</summary>
public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>Mints short-lived HS256 access tokens: <c>sub</c> = user id, <c>role</c>, <c>email</c>.</summary>
public sealed class AccessTokens(JwtSettings settings, TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new();

    public TokenResponse Issue(RefreshGrant grant)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.AccessTokenLifetime,
            SigningCredentials = new SigningCredentials(settings.SigningKey, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, grant.User.Id.ToString()),
                new Claim("role", grant.User.Role),
                new Claim(JwtRegisteredClaimNames.Email, grant.User.Email),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
        });
        return new TokenResponse(token, grant.RefreshToken, "Bearer", (int)settings.AccessTokenLifetime.TotalSeconds);
    }
}
