namespace MarketMicro.Grains;

/// <summary>
/// A call to a grain whose key its caller has just minted can say so, and the activation that call creates then starts
/// from an empty state instead of reading one from the store: no row can exist for a random <see cref="Guid"/> nobody
/// else has seen. A checkout mints its order's id, so every order placed saved a read of a row that was never there (a
/// round trip per order on MariaDB). The mark travels in the call's request context, which Orleans imports while the
/// activation loads its state, so it holds on whichever silo the grain activates. It must reach no other call: the
/// callee forgets it at the start of its first turn (<see cref="Forget"/>), so its own calls do not carry it, and a later
/// activation of the same grain reads as usual. Should the assumption ever fail, nothing is lost: the new grain's first
/// write expects no row and is refused by the row that is there.
/// </summary>
public static class NewGrain
{
    private const string Key = "marketmicro-new-grain";

    /// <summary>Makes <paramref name="call"/> to <paramref name="grain"/>, whose key the caller has just minted, marked as the grain's first.</summary>
    public static Task<T> CallAsync<T>(IAddressable grain, Func<Task<T>> call) => CallAsync(grain.GetGrainId(), call);

    /// <inheritdoc cref="CallAsync{T}(IAddressable, Func{Task{T}})"/>
    public static async Task<T> CallAsync<T>(GrainId grain, Func<Task<T>> call)
    {
        RequestContext.Set(Key, grain);
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(Key);
        }
    }

    /// <summary>Whether the call being served is marked as the first to <paramref name="grain"/>.</summary>
    public static bool IsMarked(GrainId grain) => RequestContext.Get(Key) is GrainId marked && marked == grain;

    /// <summary>Drops the mark from the call being served, so the calls it makes do not carry it.</summary>
    public static void Forget() => RequestContext.Remove(Key);
}
