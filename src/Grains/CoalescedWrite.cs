namespace MarketMicro.Grains;

/// <summary>
/// Lets a reentrant grain answer many callers with one write: each caller changes the state in memory (in one turn, so
/// no other call sees half a change) and then awaits <see cref="WriteAsync"/>, which completes once a write that
/// contains its change is durable. While a write is in flight, the changes made meanwhile wait for the next one, so a
/// busy grain writes once per commit instead of once per call. Only one write is ever in flight.
/// If a write fails, every caller whose change it carried gets the failure and <paramref name="onFailure"/> runs
/// (the grain drops its activation: memory now holds changes that are not stored).
/// A grain that is not reentrant uses it too when it stores some changes without waiting (<see cref="WriteWithoutWaiting"/>):
/// its next write then follows that one instead of racing it.
/// </summary>
public sealed class CoalescedWrite(Func<Task> write, Action onFailure)
{
    private Task? inFlight;
    private Task? next;

    /// <summary>Completes once the changes made so far are stored.</summary>
    public Task WriteAsync()
    {
        if (inFlight is null)
        {
            return inFlight = RunAsync();
        }

        return next ??= RunAfterAsync(inFlight);
    }

    /// <summary>
    /// Stores the changes made so far while the caller goes on: only for changes that record work already done, which
    /// the grain does again (idempotently) when a crash comes first. A failure goes to <paramref name="onError"/>.
    /// </summary>
    public void WriteWithoutWaiting(Action<Exception> onError) => _ = ObserveAsync(WriteAsync(), onError);

    /// <summary>Completes once the changes already made by others are stored (for a caller whose call changed nothing).</summary>
    public Task WhenStoredAsync() => next ?? inFlight ?? Task.CompletedTask;

    /// <summary>
    /// Completes once a write started without waiting is stored, or has failed (the failure goes to
    /// <paramref name="onError"/>): for a grain's deactivation, which must not fail on it.
    /// </summary>
    public Task WhenStoredAsync(Action<Exception> onError) => ObserveAsync(WhenStoredAsync(), onError);

    private async Task RunAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The earlier write's callers got its failure; this write carries later changes and is tried on its own.
        }

        next = null;
        await (inFlight = RunAsync());
    }

    private static async Task ObserveAsync(Task write, Action<Exception> onError)
    {
        try
        {
            await write;
        }
        catch (Exception ex)
        {
            onError(ex);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await write();
        }
        catch
        {
            onFailure();
            throw;
        }
        finally
        {
            if (next is null)
            {
                inFlight = null;
            }
        }
    }
}
