using System.Diagnostics;
using System.Runtime.InteropServices;
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
/// collection compacts every generation and the large-object heap and decommits what is free. A trim that gave much
/// back is followed by one more <see cref="MemoryTrimOptions.FollowUpDelay"/> later, whether or not the heap grew: a
/// trim in the middle of a burst keeps the burst's activations, which leave a minute or two after their last call and
/// would otherwise stay as garbage in a heap that no longer grows. Two more reasons trim however little the GC grew:
/// what the burst left to do right after it made the GC commit again (<see cref="MemoryTrimOptions.ShouldSettle"/>), and
/// many activations left (<see cref="MemoryTrimOptions.ShouldTrimAfterDeactivations"/>). Before each collection, what
/// the shop keeps only for its busy spells is let go (<see cref="IReleasesSpareMemory"/>).
/// At most one trim runs per <see cref="MemoryTrimOptions.MinimumInterval"/>: each is a blocking pause (0.2-1.3 s on two
/// busy cores), so a trim waits until the shop has been quiet for one check (<see cref="MemoryTrimOptions.IsQuiet"/>):
/// every request in flight would wait for it, and in the benchmark a trim in the middle of a checkout round made its p99
/// 363 ms.
/// </summary>
public sealed partial class MemoryTrimmer(
    MemoryTrimOptions options,
    TimeProvider time,
    IEnumerable<IReleasesSpareMemory> spares,
    DeactivationCounter deactivations,
    ILogger<MemoryTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckInterval, time);
        var lastTrim = time.GetTimestamp();
        long floor = 0;
        var followUp = false;
        var settleDue = false;
        var deactivatedAtTrim = deactivations.Deactivated;
        var allocated = GC.GetTotalAllocatedBytes();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var allocatedBefore = allocated;
            allocated = GC.GetTotalAllocatedBytes();
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            var sinceLastTrim = time.GetElapsedTime(lastTrim);
            var deactivated = deactivations.Deactivated;
            var trim = options.ShouldTrim(committed, floor, sinceLastTrim, followUp)
                || options.ShouldTrimAfterDeactivations(deactivated - deactivatedAtTrim, sinceLastTrim);
            var settle = !trim && settleDue && options.ShouldSettle(committed, floor, sinceLastTrim);
            if (!options.IsQuiet(allocated - allocatedBefore) || !(trim || settle))
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            foreach (var spare in spares)
            {
                spare.ReleaseSpare();
            }

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            NativeHeap.Trim();
            lastTrim = time.GetTimestamp();
            deactivatedAtTrim = deactivated;
            floor = GC.GetGCMemoryInfo().TotalCommittedBytes;
            var gaveMuchBack = options.GaveMuchBack(committed, floor);
            followUp = settle ? followUp : gaveMuchBack;
            settleDue = gaveMuchBack && !settle;
            LogTrimmed(committed / MemoryTrimOptions.Megabyte, floor / MemoryTrimOptions.Megabyte, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Gave memory back: the GC held {CommittedMB} MB, {AfterMB} MB after an aggressive collection of {Milliseconds:F0} ms")]
    private partial void LogTrimmed(long committedMB, long afterMB, double milliseconds);
}

/// <summary>
/// Memory a part of the shop keeps for reuse while it is busy and can do without when it is quiet (the memory streams'
/// spare cache blocks, <see cref="Events.SpareBlockPool"/>): <see cref="MemoryTrimmer"/> asks it to let go right before
/// its collection, which then reclaims it.
/// </summary>
public interface IReleasesSpareMemory
{
    void ReleaseSpare();
}

/// <summary>
/// glibc keeps what native code freed (SQLite's page caches, the runtime's own allocations) in its arenas, one per
/// thread that allocated at once, and gives back only what lies at an arena's top: <c>malloc_trim</c> returns every
/// whole free page of every arena. Elsewhere (macOS, Windows, musl) this does nothing.
/// </summary>
public static class NativeHeap
{
    private static bool unavailable = !OperatingSystem.IsLinux();

    public static void Trim()
    {
        if (unavailable)
        {
            return;
        }

        try
        {
            MallocTrim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
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

    /// <summary>
    /// The most the shop may allocate during one <see cref="CheckInterval"/> for a trim to run after it (<c>Memory:QuietMB</c>):
    /// an idle shop allocates about 1 MB in 5 s, a checkout about 200 KB, one of the benchmark's checkout rounds over 1 GB.
    /// </summary>
    public long QuietBytes { get; init; } = 16 * Megabyte;

    public bool Enabled => MinimumInterval > TimeSpan.Zero;

    /// <param name="allocatedBytes">What the shop allocated since the previous check.</param>
    public bool IsQuiet(long allocatedBytes) => allocatedBytes <= QuietBytes;

    /// <summary>
    /// When a trim that gave much back (<see cref="GaveMuchBack"/>) is followed by one more: after the activations that
    /// were busy during it have been collected: products leave a minute after their last call
    /// (<see cref="MarketMicro.Grains.IdleDeparture"/>), the other grains with a one-minute age up to two minutes after it
    /// (see <see cref="ActivationLifetimes"/>).
    /// </summary>
    public TimeSpan FollowUpDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <param name="committedBytes">What the GC holds now.</param>
    /// <param name="committedAfterLastTrimBytes">What it held right after the previous trim; zero before the first.</param>
    /// <param name="sinceLastTrim">Since the previous trim, or since start.</param>
    /// <param name="followUpDue">Whether the previous trim gave much back.</param>
    public bool ShouldTrim(long committedBytes, long committedAfterLastTrimBytes, TimeSpan sinceLastTrim, bool followUpDue) =>
        Enabled && sinceLastTrim >= MinimumInterval
        && (committedBytes - committedAfterLastTrimBytes > SlackBytes + committedAfterLastTrimBytes / 4
            || (followUpDue && sinceLastTrim >= FollowUpDelay));

    /// <summary>
    /// How far the committed memory may grow again after a trim that gave much back before one more settles it
    /// (<see cref="ShouldSettle"/>): an idle shop commits about 1 MB in 5 s.
    /// </summary>
    public long SettleBytes { get; init; } = 16 * Megabyte;

    /// <summary>
    /// Whether one more trim settles the memory after a trim that gave much back: the first trim after a burst comes as soon
    /// as the shop is quiet for one check, and what the burst left to do (events still delivered, the ledger's catch-up
    /// reading the burst's orders) then makes the GC commit again what it allocates in (50-60 MB after the benchmark),
    /// which the slack would keep for good. Not more than once per such trim, and not within <see cref="SettleDelay"/>.
    /// </summary>
    /// <param name="committedBytes">What the GC holds now.</param>
    /// <param name="committedAfterLastTrimBytes">What it held right after the trim that gave much back.</param>
    /// <param name="sinceLastTrim">Since that trim.</param>
    public bool ShouldSettle(long committedBytes, long committedAfterLastTrimBytes, TimeSpan sinceLastTrim) =>
        Enabled && sinceLastTrim >= SettleDelay && committedBytes - committedAfterLastTrimBytes > SettleBytes;

    /// <summary>
    /// How long after a trim that gave much back one more may settle what the burst left to do: shorter than the minimum
    /// interval, since it runs at most once per such trim.
    /// </summary>
    public TimeSpan SettleDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many activations must have left since the previous trim for the next to run however little the GC grew
    /// (<see cref="ShouldTrimAfterDeactivations"/>).
    /// </summary>
    public int DeactivationsForTrim { get; init; } = 2_000;

    /// <summary>
    /// Whether the activations that left since the previous trim call for one: an activation's memory (5 KB for a product
    /// with Orleans' bookkeeping) becomes garbage in the oldest generation when it leaves, which no collection the GC
    /// chooses on its own reaches while the shop is idle. The 10,000 products the benchmark's lookups read leave one to two
    /// minutes after them, well after the trim that follows the benchmark; they stayed (about 50 MB) until the next one.
    /// </summary>
    /// <param name="deactivations">Activations that left since the previous trim.</param>
    /// <param name="sinceLastTrim">Since the previous trim, or since start.</param>
    public bool ShouldTrimAfterDeactivations(long deactivations, TimeSpan sinceLastTrim) =>
        Enabled && sinceLastTrim >= MinimumInterval && deactivations >= DeactivationsForTrim;

    /// <summary>A trim that returned more than the slack: the shop was busy, and what it was busy with may leave soon.</summary>
    public bool GaveMuchBack(long committedBeforeBytes, long committedAfterBytes) => committedBeforeBytes - committedAfterBytes > SlackBytes;

    /// <summary>
    /// A silo of a cluster (<c>ConnectionStrings:Redis</c>) does not trim unless <c>Memory:TrimInterval</c> says so: a
    /// trim's pause, seconds long on busy cores, can miss the membership probes that keep the silo in the cluster.
    /// </summary>
    public static MemoryTrimOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"))
            ? new MemoryTrimOptions()
            : new MemoryTrimOptions { MinimumInterval = TimeSpan.Zero };
        return new MemoryTrimOptions
        {
            MinimumInterval = section.GetValue("TrimInterval", defaults.MinimumInterval),
            SlackBytes = section.GetValue("TrimSlackMB", defaults.SlackBytes / Megabyte) * Megabyte,
            QuietBytes = section.GetValue("QuietMB", defaults.QuietBytes / Megabyte) * Megabyte,
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
