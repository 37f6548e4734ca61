namespace MarketMicro.Grains;

/// <summary>
/// Makes an activation leave once it has had no call for its collection age. Orleans' collector looks at an activation
/// when its age has passed since it started and, if it was called since, looks again only a whole age later: a product
/// read throughout a burst of lookups stayed up to twice its age after its last call (the benchmark's 10,000 looked-up
/// products, 25-50 MB, were still there 90 s after the lookups with a one-minute age). One timer per activation, which
/// fires when the age could have passed since the last call it knows of; a timer's tick is not a call, so it does not
/// keep the activation alive. The grain counts its calls with <see cref="Called"/> (from its incoming call filter).
/// </summary>
public sealed class IdleDeparture(TimeProvider clock, TimeSpan age)
{
    // Read and written on the activation's scheduler only: its calls' filter and its timer run there one at a time.
    private long lastCall = clock.GetTimestamp();
    private IGrainTimer? timer;

    /// <summary>Starts watching <paramref name="grain"/>; <paramref name="leave"/> is its <c>DeactivateOnIdle</c>.</summary>
    public void Start(IGrainBase grain, Action leave) =>
        timer = grain.RegisterGrainTimer(() =>
        {
            var wait = Remaining(clock.GetElapsedTime(lastCall), age);
            if (wait == TimeSpan.Zero)
            {
                leave();
            }
            else
            {
                timer!.Change(wait, Timeout.InfiniteTimeSpan);
            }

            return Task.CompletedTask;
        }, age, Timeout.InfiniteTimeSpan);

    /// <summary>How much longer an activation idle for <paramref name="idle"/> stays; zero: it leaves now.</summary>
    public static TimeSpan Remaining(TimeSpan idle, TimeSpan age) => idle >= age ? TimeSpan.Zero : age - idle;

    public void Called() => lastCall = clock.GetTimestamp();
}
