using System.Runtime.CompilerServices;
using MarketMicro.Silo.Events;
using MarketMicro.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.Silo.Tests;

/// <summary>
/// The memory streams' block pool keeps every freed block while the shop is busy and lets the spare ones go when the
/// memory trimmer runs.
/// </summary>
public sealed class SpareBlockPoolTests
{
    [Fact]
    public void FreedBlocksAreKeptAndReusedBeforeANewOneIsMade()
    {
        var pool = new SpareBlockPool(reserve: 3, blockSize: 1024);
        var burst = Enumerable.Range(0, 10).Select(_ => pool.Allocate()).ToList();
        burst.ForEach(block => block.Dispose());

        Assert.Equal(10, pool.Made);
        Assert.Equal(10, pool.FreeCount);
        var reused = Enumerable.Range(0, 10).Select(_ => pool.Allocate()).ToList();
        Assert.Equal(10, pool.Made);
        Assert.Equal(0, pool.FreeCount);
        Assert.All(reused, block => Assert.Contains(block, burst));
        pool.Allocate();
        Assert.Equal(11, pool.Made);
    }

    [Fact]
    public void ReleasingSpareBlocksKeepsTheReserveAndLetsTheGcHaveTheRest()
    {
        var pool = new SpareBlockPool(reserve: 3, blockSize: 1024);
        var burst = AllocateAndFree(pool, 10);

        pool.ReleaseSpare();

        Assert.Equal(3, pool.FreeCount);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(3, burst.Count(block => block.IsAlive));
        pool.ReleaseSpare();
        Assert.Equal(3, pool.FreeCount);
    }

    [Fact]
    public void AReusedBlockStartsEmptyAndGoesBackToThePoolWhenDisposedAgain()
    {
        var pool = new SpareBlockPool(reserve: 1, blockSize: 1024);
        var block = pool.Allocate();
        Assert.True(block.TryGetSegment(1000, out _));
        Assert.False(block.TryGetSegment(100, out _));
        block.Dispose();

        var again = pool.Allocate();
        Assert.Same(block, again);
        Assert.True(again.TryGetSegment(1000, out _));
        again.Dispose();
        Assert.Equal(1, pool.FreeCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpareBlockPool(reserve: -1));
    }

    [Fact]
    public async Task TheMemoryTrimmerReleasesSpareMemoryBeforeItsCollection()
    {
        var pool = new SpareBlockPool(reserve: 1, blockSize: 1024);
        AllocateAndFree(pool, 5);
        var options = new MemoryTrimOptions
        {
            CheckInterval = TimeSpan.FromMilliseconds(20),
            MinimumInterval = TimeSpan.FromMilliseconds(1),
            SlackBytes = 0,
            QuietBytes = long.MaxValue,
        };
        using var trimmer = new MemoryTrimmer(options, TimeProvider.System, [pool], new DeactivationCounter(), NullLogger<MemoryTrimmer>.Instance);

        await trimmer.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(pool.FreeCount == 1), TimeSpan.FromSeconds(10),
                "the pool's spare blocks released by a trim");
        }
        finally
        {
            await trimmer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A burst of blocks, all freed again; only weak references leave, so the test holds none of them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> AllocateAndFree(SpareBlockPool pool, int count)
    {
        var blocks = Enumerable.Range(0, count).Select(_ => pool.Allocate()).ToList();
        blocks.ForEach(block => block.Dispose());
        return blocks.Select(block => new WeakReference(block)).ToList();
    }
}
