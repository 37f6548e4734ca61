namespace MarketMicro.Grains.Tests.Products;

public sealed class IdleDepartureTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void AnActivationLeavesOnceItsAgeHasPassedSinceItsLastCallAndIsOtherwiseLookedAtAgainWhenItCouldHave()
    {
        Assert.Equal(TimeSpan.Zero, IdleDeparture.Remaining(idle: Minute, Minute));
        Assert.Equal(TimeSpan.Zero, IdleDeparture.Remaining(idle: TimeSpan.FromMinutes(3), Minute));

        // Called 20 s before its age came up: not a whole age later, but when the age has passed since that call.
        Assert.Equal(TimeSpan.FromSeconds(20), IdleDeparture.Remaining(idle: TimeSpan.FromSeconds(40), Minute));
        Assert.Equal(Minute, IdleDeparture.Remaining(idle: TimeSpan.Zero, Minute));
    }
}
