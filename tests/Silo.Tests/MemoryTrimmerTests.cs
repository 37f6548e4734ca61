using Microsoft.Extensions.Configuration;

namespace MarketMicro.Silo.Tests;

public sealed class MemoryTrimmerTests
{
    private const long MB = 1024 * 1024;

    [Fact]
    public void AHeapThatGrewFarPastWhatTheLastTrimLeftIsTrimmed()
    {
        var options = new MemoryTrimOptions();

        Assert.True(options.ShouldTrim(committedBytes: 1_400 * MB, committedAfterLastTrimBytes: 250 * MB));
    }

    [Fact]
    public void AHeapWithinItsSlackOfWhatTheLastTrimLeftIsLeftAlone()
    {
        var options = new MemoryTrimOptions();

        Assert.False(options.ShouldTrim(committedBytes: 180 * MB, committedAfterLastTrimBytes: 100 * MB));
        Assert.False(options.ShouldTrim(committedBytes: 1_100 * MB, committedAfterLastTrimBytes: 900 * MB));
        Assert.False(options.ShouldTrim(committedBytes: 60 * MB, committedAfterLastTrimBytes: 0));
    }

    [Fact]
    public void ConfiguredSlackAndIntervalApplyAndAZeroIntervalTurnsTrimmingOff()
    {
        var configured = MemoryTrimOptions.FromConfiguration(Configuration(("Memory:TrimInterval", "00:02:00"), ("Memory:TrimSlackMB", "500")));
        Assert.Equal(TimeSpan.FromMinutes(2), configured.MinimumInterval);
        Assert.False(configured.ShouldTrim(committedBytes: 600 * MB, committedAfterLastTrimBytes: 100 * MB));

        var off = MemoryTrimOptions.FromConfiguration(Configuration(("Memory:TrimInterval", "00:00:00")));
        Assert.False(off.Enabled);
        Assert.False(off.ShouldTrim(committedBytes: 1_400 * MB, committedAfterLastTrimBytes: 250 * MB));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
