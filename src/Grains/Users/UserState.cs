namespace MarketMicro.Grains.Users;

[GenerateSerializer, Alias("MarketMicro.Grains.Users.UserState")]
public sealed class UserState
{
    /// <summary>The user's orders, oldest first.</summary>
    [Id(0)] public List<Guid> OrderIds { get; set; } = [];
}
