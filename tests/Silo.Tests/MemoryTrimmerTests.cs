using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;

namespace MarketMicro.Silo.Tests;

public sealed class MemoryTrimmerTests
{
    private const long MB = 1024 * 1024;
    private static readonly TimeSpan LongAgo = TimeSpan.FromMinutes(10);

    [Fact]
    public void AHeapThatGrewFarPastWhatTheLastTrimLeftIsTrimmed()
    {
        var options = new MemoryTrimOptions();

        Assert.True(options.ShouldTrim(committedBytes: 1_400 * MB, committedAfterLastTrimBytes: 250 * MB, LongAgo, followUpDue: false));
    }

    [Fact]
    public void AHeapWithinItsSlackOfWhatTheLastTrimLeftIsLeftAlone()
    {
        var options = new MemoryTrimOptions();

        Assert.False(options.ShouldTrim(committedBytes: 180 * MB, committedAfterLastTrimBytes: 100 * MB, LongAgo, followUpDue: false));
        Assert.False(options.ShouldTrim(committedBytes: 1_100 * MB, committedAfterLastTrimBytes: 900 * MB, LongAgo, followUpDue: false));
        Assert.False(options.ShouldTrim(committedBytes: 60 * MB, committedAfterLastTrimBytes: 0, LongAgo, followUpDue: false));
    }

    [Fact]
    public void NoTwoTrimsRunWithinTheMinimumInterval()
    {
        var options = new MemoryTrimOptions();

        Assert.False(options.ShouldTrim(committedBytes: 1_400 * MB, committedAfterLastTrimBytes: 250 * MB, TimeSpan.FromSeconds(20), followUpDue: true));
    }

    [Fact]
    public void ATrimThatGaveMuchBackIsFollowedByOneMoreAfterTheBurstsActivationsLeftEvenIfTheHeapDidNotGrow()
    {
        var options = new MemoryTrimOptions();
        Assert.True(options.GaveMuchBack(committedBeforeBytes: 1_100 * MB, committedAfterBytes: 700 * MB));

        Assert.False(options.ShouldTrim(committedBytes: 700 * MB, committedAfterLastTrimBytes: 700 * MB, TimeSpan.FromMinutes(1), followUpDue: true));
        Assert.True(options.ShouldTrim(committedBytes: 700 * MB, committedAfterLastTrimBytes: 700 * MB, TimeSpan.FromMinutes(2), followUpDue: true));
    }

    [Fact]
    public void AnIdleShopIsNotTrimmedAgainOnceATrimGaveLittleBack()
    {
        var options = new MemoryTrimOptions();
        Assert.False(options.GaveMuchBack(committedBeforeBytes: 130 * MB, committedAfterBytes: 100 * MB));

        Assert.False(options.ShouldTrim(committedBytes: 100 * MB, committedAfterLastTrimBytes: 100 * MB, LongAgo, followUpDue: false));
    }

    [Fact]
    public void ATrimWaitsUntilTheShopAllocatesNoMoreThanAnIdleOneBetweenTwoChecks()
    {
        var options = new MemoryTrimOptions();

        Assert.True(options.IsQuiet(allocatedBytes: 1 * MB));
        Assert.False(options.IsQuiet(allocatedBytes: 200 * MB));
        Assert.False(MemoryTrimOptions.FromConfiguration(Configuration(("Memory:QuietMB", "4"))).IsQuiet(allocatedBytes: 5 * MB));
    }

    [Fact]
    public void WhatABurstLeftToDoAfterATrimThatGaveMuchBackIsSettledByOneMoreSoonAfter()
    {
        var options = new MemoryTrimOptions();

        // Within the slack, so no regular trim would come: 55 MB committed again after the trim left 180 MB.
        Assert.False(options.ShouldTrim(committedBytes: 235 * MB, committedAfterLastTrimBytes: 180 * MB, TimeSpan.FromSeconds(20), followUpDue: true));
        Assert.True(options.ShouldSettle(committedBytes: 235 * MB, committedAfterLastTrimBytes: 180 * MB, TimeSpan.FromSeconds(20)));
        Assert.False(options.ShouldSettle(committedBytes: 235 * MB, committedAfterLastTrimBytes: 180 * MB, TimeSpan.FromSeconds(10)));
        Assert.False(options.ShouldSettle(committedBytes: 190 * MB, committedAfterLastTrimBytes: 180 * MB, TimeSpan.FromSeconds(35)));

        var off = MemoryTrimOptions.FromConfiguration(Configuration(("Memory:TrimInterval", "00:00:00")));
        Assert.False(off.ShouldSettle(committedBytes: 235 * MB, committedAfterLastTrimBytes: 180 * MB, LongAgo));
    }

    [Fact]
    public void ManyActivationsLeavingCallForATrimHoweverLittleTheHeapGrew()
    {
        var options = new MemoryTrimOptions();

        // The GC grew nothing: the activations that left are garbage it does not know of until a full collection.
        Assert.False(options.ShouldTrim(committedBytes: 300 * MB, committedAfterLastTrimBytes: 300 * MB, LongAgo, followUpDue: false));
        Assert.True(options.ShouldTrimAfterDeactivations(deactivations: 10_000, LongAgo));
        Assert.False(options.ShouldTrimAfterDeactivations(deactivations: 10_000, TimeSpan.FromSeconds(20)));
        Assert.False(options.ShouldTrimAfterDeactivations(deactivations: 500, LongAgo));

        var off = MemoryTrimOptions.FromConfiguration(Configuration(("Memory:TrimInterval", "00:00:00")));
        Assert.False(off.ShouldTrimAfterDeactivations(deactivations: 10_000, LongAgo));
    }

    [Fact]
    public void ConfiguredSlackAndIntervalApplyAndAZeroIntervalTurnsTrimmingOff()
    {
        var configured = MemoryTrimOptions.FromConfiguration(Configuration(("Memory:TrimInterval", "00:02:00"), ("Memory:TrimSlackMB", "500")));
        Assert.Equal(TimeSpan.FromMinutes(2), configured.MinimumInterval);
        Assert.False(configured.ShouldTrim(committedBytes: 600 * MB, committedAfterLastTrimBytes: 100 * MB, LongAgo, followUpDue: false));

        var off = MemoryTrimOptions.FromConfiguration(Configuration(("Memory:TrimInterval", "00:00:00")));
        Assert.False(off.Enabled);
        Assert.False(off.ShouldTrim(committedBytes: 1_400 * MB, committedAfterLastTrimBytes: 250 * MB, LongAgo, followUpDue: true));
    }

    [Fact]
    public void AClusterSiloTrimsOnlyWhenAnIntervalIsConfigured()
    {
        Assert.True(MemoryTrimOptions.FromConfiguration(Configuration()).Enabled);
        Assert.False(MemoryTrimOptions.FromConfiguration(Configuration(("ConnectionStrings:Redis", "127.0.0.1:6379"))).Enabled);
        Assert.True(MemoryTrimOptions.FromConfiguration(
            Configuration(("ConnectionStrings:Redis", "127.0.0.1:6379"), ("Memory:TrimInterval", "00:05:00"))).Enabled);
    }

    [Fact]
    public void NativeMemoryFreedBelowALiveBlockGoesBackToTheSystem()
    {
        // glibc returns freed memory on its own only from the top of an arena: a block still in use above keeps the rest.
        // Every 64th block stays in use, the last one included, so each freed run of 63 blocks lies below a live one
        // wherever in its arena the run was carved (a single block kept after them all could land in an older hole
        // below them, and free() would then hand the whole run back by itself).
        const int BlockBytes = 16 * 1024;
        var blocks = Enumerable.Range(0, 3_072).Select(_ => Marshal.AllocHGlobal(BlockBytes)).ToList();
        var touch = new byte[BlockBytes];
        Array.Fill(touch, (byte)1);
        blocks.ForEach(block => Marshal.Copy(touch, 0, block, BlockBytes));
        var stillInUse = blocks.Where((_, i) => i % 64 == 63).ToList();
        blocks.Except(stillInUse).ToList().ForEach(Marshal.FreeHGlobal);
        try
        {
            var before = ResidentAnonymousBytes();
            NativeHeap.Trim();
            var after = ResidentAnonymousBytes();

            Assert.True(before - after >= 24 * MB, $"Resident anonymous memory went from {before / MB} MB to {after / MB} MB.");
        }
        finally
        {
            stillInUse.ForEach(Marshal.FreeHGlobal);
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    private static long ResidentAnonymousBytes() =>
        File.ReadLines("/proc/self/status").Where(line => line.StartsWith("RssAnon:", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).Single();
}
