namespace MarketMicro.Grains.Users;

[GenerateSerializer, Alias("MarketMicro.Grains.Users.UserEmailIndexState")]
public sealed class UserEmailIndexState
{
    /// <summary>The user this email belongs to, or is reserved for while the registration completes.</summary>
    [Id(0)] public Guid? UserId { get; set; }

    /// <summary>False between reserving the email and the user grain confirming the account.</summary>
    [Id(1)] public bool Confirmed { get; set; }
}
