namespace MarketMicro.Users;

public static class UserRoles
{
    public const string Customer = "customer";
    public const string Admin = "admin";
}

/// <summary>What a user may see of their account.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Users.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string Name,
    [property: Id(3)] string Role,
    [property: Id(4)] DateTime CreatedAt,
    [property: Id(5)] string? Phone,
    [property: Id(6)] string? Address);

/// <summary>A registration with an email already normalized (trimmed, lower-case).</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Users.NewAccount")]
public sealed record NewAccount(
    [property: Id(0)] string Email,
    [property: Id(1)] string Password,
    [property: Id(2)] string Name,
    [property: Id(3)] string Role);

[GenerateSerializer, Immutable, Alias("MarketMicro.Users.ProfileChange")]
public sealed record ProfileChange([property: Id(0)] string? Name, [property: Id(1)] string? Phone, [property: Id(2)] string? Address);

/// <summary>A freshly issued refresh token (shown once; only its hash is stored) and the user it belongs to.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Users.RefreshGrant")]
public sealed record RefreshGrant([property: Id(0)] string RefreshToken, [property: Id(1)] DateTime ExpiresAt, [property: Id(2)] UserProfile User);

/// <summary>Wrong credentials, or a refresh token that is unknown, expired, used or revoked (401, one message for all).</summary>
[GenerateSerializer, Alias("MarketMicro.Users.AuthenticationFailedException")]
public sealed class AuthenticationFailedException(string message) : DomainException(message);

/// <summary>Refresh tokens are <c>{userId:N}.{random}</c>: the owner is found without any lookup table.</summary>
public static class RefreshTokenFormat
{
    public static Guid? OwnerOf(string? token) =>
        token is { Length: > 33 and < 200 } && token[32] == '.' && Guid.TryParseExact(token[..32], "N", out var id) ? id : null;
}
