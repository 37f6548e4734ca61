using MarketMicro.Silo.Storage;

namespace MarketMicro.Silo.Tests;

/// <summary>The group commit itself, with writers on the thread pool (async commits) and on threads of their own (blocking commits).</summary>
public sealed class GroupCommitTests
{
    public static TheoryData<bool> Modes => new() { false, true };

    [Theory, MemberData(nameof(Modes))]
    public async Task WritesSubmittedWhileACommitRunsShareTheNextOneAndEachCallerIsAnsweredAfterItsOwn(bool blockingCommits)
    {
        var firstStarted = new ManualResetEventSlim(false);
        var releaseFirst = new ManualResetEventSlim(false);
        var commits = new List<int[]>();
        await using var group = new GroupCommit<int>((batch, _) =>
        {
            lock (commits)
            {
                commits.Add([.. batch]);
            }

            if (batch.Contains(0))
            {
                firstStarted.Set();
                releaseFirst.Wait(TimeSpan.FromSeconds(10));
            }

            return Task.CompletedTask;
        }, blockingCommits: blockingCommits);

        var first = group.SubmitAsync(0);
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(10)));
        var waiting = Enumerable.Range(1, 20).Select(i => group.SubmitAsync(i)).ToArray();
        await Task.Delay(50);
        Assert.All(waiting, write => Assert.False(write.IsCompleted));

        releaseFirst.Set();
        await first;
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        lock (commits)
        {
            Assert.Equal([[0], Enumerable.Range(1, 20).ToArray()], commits);
        }
    }

    [Theory, MemberData(nameof(Modes))]
    public async Task AWriteThatFailsInASharedCommitFailsAloneAndTheOthersAreCommittedOneByOne(bool blockingCommits)
    {
        var committed = new List<int>();
        var gate = new ManualResetEventSlim(false);
        await using var group = new GroupCommit<int>((batch, _) =>
        {
            gate.Wait(TimeSpan.FromSeconds(10));
            if (batch.Contains(13))
            {
                throw new InvalidOperationException("write 13 is refused");
            }

            lock (committed)
            {
                committed.AddRange(batch);
            }

            return Task.CompletedTask;
        }, blockingCommits: blockingCommits);

        var writes = Enumerable.Range(10, 6).Select(i => (Item: i, Done: group.SubmitAsync(i))).ToArray();
        gate.Set();

        foreach (var (item, done) in writes)
        {
            if (item == 13)
            {
                var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => done);
                Assert.Equal("write 13 is refused", refused.Message);
            }
            else
            {
                await done;
            }
        }

        lock (committed)
        {
            Assert.Equal([10, 11, 12, 14, 15], committed.Order());
        }
    }

    [Fact]
    public async Task BlockingCommitsRunOnAThreadOfTheirOwnNotOnTheThreadPool()
    {
        var onPool = new List<bool>();
        await using var group = new GroupCommit<int>((batch, _) =>
        {
            lock (onPool)
            {
                onPool.Add(Thread.CurrentThread.IsThreadPoolThread);
            }

            return Task.CompletedTask;
        }, blockingCommits: true);

        for (var i = 0; i < 5; i++)
        {
            // One at a time, so the writer sleeps and wakes for each: a write submitted while it sleeps is not missed.
            await group.SubmitAsync(i).WaitAsync(TimeSpan.FromSeconds(10));
        }

        lock (onPool)
        {
            Assert.Equal(5, onPool.Count);
            Assert.All(onPool, Assert.False);
        }
    }

    [Theory, MemberData(nameof(Modes))]
    public async Task DisposingCommitsWhatWasSubmittedAndThenRefusesNewWrites(bool blockingCommits)
    {
        var committed = 0;
        var group = new GroupCommit<int>(async (batch, _) =>
        {
            await Task.Yield();
            Interlocked.Add(ref committed, batch.Count);
        }, blockingCommits: blockingCommits);

        var writes = Enumerable.Range(0, 100).Select(i => group.SubmitAsync(i)).ToArray();
        await group.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await Task.WhenAll(writes);
        Assert.Equal(100, committed);
        Assert.Throws<ObjectDisposedException>(() => { _ = group.SubmitAsync(100); });
    }
}
