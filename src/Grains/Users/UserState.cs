namespace MarketMicro.Grains.Users;

[GenerateSerializer, Alias("MarketMicro.Grains.Users.UserState")]
public sealed class UserState
{
    /// <summary>The user's orders, oldest first.</summary>
    [Id(0)] public List<Guid> OrderIds { get; set; } = [];

    [Id(1)] public bool Exists { get; set; }

    [Id(2)] public string Email { get; set; } = string.Empty;

    [Id(3)] public string Name { get; set; } = string.Empty;

    [Id(4)] public string Role { get; set; } = string.Empty;

    [Id(5)] public string PasswordHash { get; set; } = string.Empty;

    [Id(6)] public DateTime CreatedAt { get; set; }

    [Id(7)] public string? Phone { get; set; }

    [Id(8)] public string? Address { get; set; }

    [Id(9)] public RefreshTokenFamilies RefreshTokens { get; set; } = new();

    [Id(10)] public SignInThrottle Throttle { get; set; } = new();
}
