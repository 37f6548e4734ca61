namespace MarketMicro.Grains.Projections;

/// <summary>The <c>Projections:*</c> settings.</summary>
public sealed class ProjectionOptions
{
    public const string Section = "Projections";

    /// <summary>How often every silo asks each projection to catch up (and once at start-up).</summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far before its checkpoint a catch-up starts reading: a write stamped earlier but committed later than the
    /// last one seen is still picked up. Re-applying what was already applied changes nothing.
    /// </summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromSeconds(5);
}
