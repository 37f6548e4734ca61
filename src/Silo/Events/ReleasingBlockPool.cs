using System.Collections.Concurrent;
using Orleans.Providers.Streams.Common;

namespace MarketMicro.Silo.Events;

/// <summary>
/// The 1 MB blocks a memory stream's cache copies events into. Orleans' own pool keeps every block it ever made, so a
/// silo held the blocks of its busiest minute for good (after the benchmark's import and checkout, 20 free blocks beside
/// the 15 the last minute's events filled). This pool keeps at most <see cref="Reserve"/> freed blocks for the next
/// events and lets the GC have the others, so memory follows the events still cached, not the largest burst.
/// </summary>
public sealed class ReleasingBlockPool(int reserve, int blockSize = ReleasingBlockPool.BlockSize) : IObjectPool<FixedSizeBuffer>
{
    /// <summary>The block size Orleans' memory streams use.</summary>
    public const int BlockSize = 1 << 20;

    private readonly ConcurrentStack<FixedSizeBuffer> free = new();
    private long made;

    /// <summary>How many freed blocks the pool keeps at most.</summary>
    public int Reserve { get; } = reserve >= 0 ? reserve : throw new ArgumentOutOfRangeException(nameof(reserve));

    /// <summary>Freed blocks kept for reuse.</summary>
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

    /// <summary>
    /// Takes back a block whose events left the cache (its state is already reset). Past the reserve the block is dropped:
    /// nothing refers to it any more, so the GC reclaims it.
    /// </summary>
    public void Free(FixedSizeBuffer resource)
    {
        if (free.Count < Reserve)
        {
            free.Push(resource);
        }
    }
}
