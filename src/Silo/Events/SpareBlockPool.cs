using System.Collections.Concurrent;
using Orleans.Providers.Streams.Common;

namespace MarketMicro.Silo.Events;

/// <summary>
/// The 1 MB blocks a memory stream's cache copies events into. Like Orleans' own pool, it keeps every block its caches
/// free, so a burst reuses blocks instead of allocating large arrays while it runs (a pool that dropped spare blocks as
/// they were freed made the checkout's p99 worse). Unlike Orleans' pool, it lets the spare blocks go when the shop is
/// quiet: <see cref="MemoryTrimmer"/> calls <see cref="ReleaseSpare"/> right before its collection, so the memory follows
/// the events still cached, not the largest burst ever (after the benchmark 20 of Orleans' 37 blocks were free).
/// </summary>
public sealed class SpareBlockPool(int reserve, int blockSize = SpareBlockPool.BlockSize) : IObjectPool<FixedSizeBuffer>, IReleasesSpareMemory
{
    /// <summary>The block size Orleans' memory streams use.</summary>
    public const int BlockSize = 1 << 20;

    private readonly ConcurrentStack<FixedSizeBuffer> free = new();
    private long made;

    /// <summary>How many free blocks a quiet spell leaves for the next events.</summary>
    public int Reserve { get; } = reserve >= 0 ? reserve : throw new ArgumentOutOfRangeException(nameof(reserve));

    /// <summary>Free blocks kept for reuse.</summary>
    public int FreeCount => free.Count;

    /// <summary>Blocks made since the pool started (a block reused is not made again).</summary>
    public long Made => Interlocked.Read(ref made);

    public FixedSizeBuffer Allocate()
    {
        if (!free.TryPop(out var block))
        {
            block = new FixedSizeBuffer(blockSize);
            Interlocked.Increment(ref made);
        }

        block.Pool = this;
        return block;
    }

    /// <summary>Takes back a block whose events left the cache (its state is already reset).</summary>
    public void Free(FixedSizeBuffer resource) => free.Push(resource);

    /// <summary>Drops the free blocks past <see cref="Reserve"/>: nothing refers to them any more, so the GC reclaims them.</summary>
    public void ReleaseSpare()
    {
        while (free.Count > Reserve && free.TryPop(out _))
        {
        }
    }
}
