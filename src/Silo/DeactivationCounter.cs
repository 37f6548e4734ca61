using Orleans.Runtime;

namespace MarketMicro.Silo;

/// <summary>
/// Counts the activations that finished deactivating on this silo (Orleans tells its working set's observers): the memory
/// trimmer's sign that the collector let go of what a burst activated, whose memory only a full collection returns.
/// </summary>
public sealed class DeactivationCounter : IActivationWorkingSetObserver
{
    private long deactivated;

    /// <summary>Activations deactivated since the silo started.</summary>
    public long Deactivated => Interlocked.Read(ref deactivated);

    public void OnDeactivated(IActivationWorkingSetMember member) => Interlocked.Increment(ref deactivated);
}
