namespace MarketMicro.Grains.Users;

/// <summary>Wrong passwords in a row lock the account for a while, longer with every further failure.</summary>
[GenerateSerializer, Alias("MarketMicro.Grains.Users.SignInThrottle")]
public sealed class SignInThrottle
{
    [Id(0)] private int failures;
    [Id(1)] private DateTime lockedUntil;

    public void EnsureOpen(DateTime now)
    {
        if (now < lockedUntil)
        {
            throw new TooManyRequestsException("Too many failed sign-ins; try again later.", lockedUntil - now);
        }
    }

    public void RecordFailure(DateTime now, UserOptions options)
    {
        failures++;
        var over = failures - options.MaxFailedSignIns;
        if (over >= 0)
        {
            var lockout = TimeSpan.FromTicks(Math.Min(options.MaxLockout.Ticks, options.FirstLockout.Ticks << Math.Min(over, 20)));
            lockedUntil = now + lockout;
        }
    }

    /// <summary>Returns whether anything changed.</summary>
    public bool RecordSuccess()
    {
        var changed = failures != 0;
        failures = 0;
        lockedUntil = default;
        return changed;
    }
}
