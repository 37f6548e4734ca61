namespace MarketMicro.Grains.Users;

public sealed class UserOptions
{
    public const string Section = "Identity";

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>The first lockout; each further failure while over the limit doubles it.</summary>
    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token (and its family, sliding) stays valid: <c>Jwt:RefreshTokenDays</c>.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}
