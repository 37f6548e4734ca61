using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketMicro.Silo;

/// <summary>
/// When the GC holds much more memory than the shop keeps alive, the shop gives it back. Server GC sizes its heap for
/// throughput and keeps what a burst made it commit: after the benchmark (an import of 100,000 products, then checkouts)
/// it held 1.4 GB of a heap whose live objects were 250 MB, and no collection it chose on its own returned it, because
/// nothing on the machine pressed for memory. Every few seconds this compares the GC's committed memory with what it was
/// right after the previous trim (the live heap and little more); when it has grown well past that, one aggressive
/// collection compacts every generation and the large-object heap and decommits what is free. At most one runs per
/// <see cref="MemoryTrimOptions.MinimumInterval"/>: each is a blocking pause (0.3-1.3 s on two busy cores).
/// </summary>
public sealed partial class MemoryTrimmer(MemoryTrimOptions options, TimeProvider time, ILogger<MemoryTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckInterval, time);
        var lastTrim = time.GetTimestamp();
        long floor = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            if (time.GetElapsedTime(lastTrim) < options.MinimumInterval || !options.ShouldTrim(committed, floor))
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            lastTrim = time.GetTimestamp();
            floor = GC.GetGCMemoryInfo().TotalCommittedBytes;
            LogTrimmed(committed / MemoryTrimOptions.Megabyte, floor / MemoryTrimOptions.Megabyte, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Gave memory back: the GC held {CommittedMB} MB, {AfterMB} MB after an aggressive collection of {Milliseconds:F0} ms")]
    private partial void LogTrimmed(long committedMB, long afterMB, double milliseconds);
}

/// <summary>When <see cref="MemoryTrimmer"/> gives memory back (<c>Memory:*</c>).</summary>
public sealed record MemoryTrimOptions
{
    public const string Section = "Memory";
    internal const long Megabyte = 1024 * 1024;

    /// <summary>How often the GC's figures are read (cheap: no collection).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The least time between two trims, and after start (<c>Memory:TrimInterval</c>); zero turns trimming off.</summary>
    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far the committed memory may grow past what the previous trim left before the next (<c>Memory:TrimSlackMB</c>):
    /// the allocation budget of the coming collections lives there, so a trim under it would give back only what the shop
    /// takes again at once. A quarter of what the previous trim left is added on top, so a large live heap is not paused
    /// for a small gain.
    /// </summary>
    public long SlackBytes { get; init; } = 64 * Megabyte;

    public bool Enabled => MinimumInterval > TimeSpan.Zero;

    /// <param name="committedBytes">What the GC holds now.</param>
    /// <param name="committedAfterLastTrimBytes">What it held right after the previous trim; zero before the first.</param>
    public bool ShouldTrim(long committedBytes, long committedAfterLastTrimBytes) =>
        Enabled && committedBytes - committedAfterLastTrimBytes > SlackBytes + committedAfterLastTrimBytes / 4;

    public static MemoryTrimOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new MemoryTrimOptions();
        return new MemoryTrimOptions
        {
            MinimumInterval = section.GetValue("TrimInterval", defaults.MinimumInterval),
            SlackBytes = section.GetValue("TrimSlackMB", defaults.SlackBytes / Megabyte) * Megabyte,
        };
    }
}

public static class MemoryTrimmerExtensions
{
    /// <summary>Runs <see cref="MemoryTrimmer"/> unless <c>Memory:TrimInterval</c> is zero.</summary>
    public static IServiceCollection AddMarketMicroMemoryTrimmer(this IServiceCollection services, IConfiguration configuration)
    {
        var options = MemoryTrimOptions.FromConfiguration(configuration);
        if (options.Enabled)
        {
            services.AddSingleton(options);
            services.AddHostedService<MemoryTrimmer>();
        }

        return services;
    }
}
