using System.Threading.Channels;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Group commit: the writes that many callers submit while a transaction is committing wait for the next one and share
/// it, so a burst costs one transaction and one sync instead of one each. Every caller is answered only once its own
/// write is durable. If a shared transaction fails, its writes are retried one by one, so one bad write fails alone.
/// </summary>
public sealed class GroupCommit<T> : IAsyncDisposable
{
    private readonly Channel<(T Item, TaskCompletionSource Done)> pending;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> commit;
    private readonly int maxBatch;
    private readonly Task[] writers;

    /// <param name="commit">Writes the items in one transaction and returns once it is committed.</param>
    /// <param name="maxBatch">The most writes one transaction takes.</param>
    /// <param name="writers">How many transactions may commit at once (1 for a database with a single writer).</param>
    public GroupCommit(Func<IReadOnlyList<T>, CancellationToken, Task> commit, int maxBatch = 256, int writers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        this.commit = commit;
        this.maxBatch = maxBatch;
        pending = Channel.CreateUnbounded<(T, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = writers == 1 });
        this.writers = Enumerable.Range(0, writers).Select(_ => Task.Run(WriteAsync)).ToArray();
    }

    /// <summary>Completes once <paramref name="item"/> is committed; faults with the reason it could not be.</summary>
    public Task SubmitAsync(T item, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!pending.Writer.TryWrite((item, done)))
        {
            throw new ObjectDisposedException(nameof(GroupCommit<T>));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        await Task.WhenAll(writers);
    }

    private async Task WriteAsync()
    {
        var batch = new List<(T Item, TaskCompletionSource Done)>(maxBatch);
        while (await pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < maxBatch && pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task CommitAsync(List<(T Item, TaskCompletionSource Done)> batch)
    {
        try
        {
            await commit(batch.ConvertAll(write => write.Item), CancellationToken.None);
            batch.ForEach(write => write.Done.TrySetResult());
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var write in batch)
            {
                await CommitAsync([write]);
            }
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }
}
