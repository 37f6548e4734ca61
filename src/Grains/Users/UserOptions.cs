namespace MarketMicro.Grains.Users;

public sealed class UserOptions
{
    public const string Section = "Identity";

    /// <summary>Wrong passwords in a row from one client address before that address must wait.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>The first wait; each further failure from the same address while over the limit doubles it.</summary>
    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an address's failures are remembered after its last one (and any wait) ended.</summary>
    public TimeSpan FailureMemory { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failing addresses remembered per account; beyond it the one that failed longest ago is forgotten.</summary>
    public int ThrottledClients { get; set; } = 50;

    /// <summary>How long a refresh token (and its family, sliding) stays valid: <c>Jwt:RefreshTokenDays</c>.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}
