using System.Runtime.CompilerServices;
using MarketMicro.Silo.Events;

namespace MarketMicro.Silo.Tests;

/// <summary>The memory streams' block pool keeps a reserve of freed blocks and lets the GC have the rest.</summary>
public sealed class ReleasingBlockPoolTests
{
    [Fact]
    public void FreedBlocksPastTheReserveAreLetGoAndTheKeptOnesAreReusedBeforeANewOneIsMade()
    {
        var pool = new ReleasingBlockPool(reserve: 3, blockSize: 1024);
        var burst = AllocateAndFree(pool, 10);

        Assert.Equal(10, pool.Made);
        Assert.Equal(3, pool.FreeCount);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(3, burst.Count(block => block.IsAlive));

        var reused = Enumerable.Range(0, 3).Select(_ => pool.Allocate()).ToList();
        Assert.Equal(10, pool.Made);
        Assert.Equal(0, pool.FreeCount);
        Assert.All(reused, block => Assert.Contains(burst, kept => ReferenceEquals(kept.Target, block)));
        pool.Allocate();
        Assert.Equal(11, pool.Made);
    }

    [Fact]
    public void AReusedBlockStartsEmptyAndGoesBackToThePoolWhenDisposedAgain()
    {
        var pool = new ReleasingBlockPool(reserve: 1, blockSize: 1024);
        var block = pool.Allocate();
        Assert.True(block.TryGetSegment(1000, out _));
        Assert.False(block.TryGetSegment(100, out _));
        block.Dispose();

        var again = pool.Allocate();
        Assert.Same(block, again);
        Assert.True(again.TryGetSegment(1000, out _));
        again.Dispose();
        Assert.Equal(1, pool.FreeCount);
    }

    [Fact]
    public void WithNoReserveEveryFreedBlockIsLetGo()
    {
        var pool = new ReleasingBlockPool(reserve: 0, blockSize: 1024);
        pool.Allocate().Dispose();
        pool.Allocate().Dispose();

        Assert.Equal(0, pool.FreeCount);
        Assert.Equal(2, pool.Made);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReleasingBlockPool(reserve: -1));
    }

    /// <summary>A burst of blocks, all freed again; only weak references leave, so the test holds none of them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> AllocateAndFree(ReleasingBlockPool pool, int count)
    {
        var blocks = Enumerable.Range(0, count).Select(_ => pool.Allocate()).ToList();
        blocks.ForEach(block => block.Dispose());
        return blocks.Select(block => new WeakReference(block)).ToList();
    }
}
