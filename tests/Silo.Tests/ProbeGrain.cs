using Orleans.Placement;

namespace MarketMicro.Silo.Tests;

public interface IProbeGrain : IGrainWithStringKey
{
    Task Remember(string value);

    Task<IReadOnlyList<string>> Recall();

    Task<string> WhereAmI();

    Task<(string Mine, string Theirs)> AskAnother(string otherKey);
}

[GenerateSerializer, Alias("MarketMicro.Silo.Tests.ProbeState")]
public sealed record ProbeState
{
    [Id(0)] public List<string> Values { get; init; } = [];
}

/// <summary>
/// A small persistent grain that exercises the storage and clustering composition. Placed at random so that grains
/// land on every silo (the default placement prefers the calling silo, so a call would rarely cross).
/// </summary>
[RandomPlacement]
public sealed class ProbeGrain([PersistentState("probe")] IPersistentState<ProbeState> state) : Grain, IProbeGrain
{
    public Task Remember(string value)
    {
        state.State.Values.Add(value);
        return state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> Recall() => Task.FromResult<IReadOnlyList<string>>(state.State.Values);

    public Task<string> WhereAmI() => Task.FromResult(RuntimeIdentity);

    public async Task<(string Mine, string Theirs)> AskAnother(string otherKey) =>
        (RuntimeIdentity, await GrainFactory.GetGrain<IProbeGrain>(otherKey).WhereAmI());
}
