namespace MarketMicro.Grains;

/// <summary>
/// A grain state that may owe work after a crash (an order still being placed, events not yet published). The grain
/// storage stamps the state's row with when it began to owe (<c>PendingSince</c>, by the database's clock) in the same
/// write, and clears the stamp with the first write that owes nothing; <see cref="IStoredWork"/> finds the rows whose
/// stamp is old, and their grains are asked to finish. So a grain is tracked for recovery at no cost of its own: no
/// call, no second write.
/// </summary>
public interface IOwesWork
{
    bool OwesWork { get; }
}

/// <summary>The grains whose stored state has owed work for a while: what a recovery sweep asks to finish.</summary>
public interface IStoredWork
{
    /// <summary>
    /// Up to <paramref name="limit"/> grains of <paramref name="stateName"/> whose stored state has owed work for at
    /// least <paramref name="owingFor"/> (by the database's clock), those owing longest first.
    /// </summary>
    Task<IReadOnlyList<Guid>> ReadOwingAsync(string stateName, TimeSpan owingFor, int limit, CancellationToken cancellationToken = default);
}
