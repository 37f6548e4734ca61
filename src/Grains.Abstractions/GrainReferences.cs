namespace MarketMicro;

/// <summary>
/// Grain references with each interface's grain type resolved once per process. Orleans' <c>GetGrain&lt;T&gt;(key)</c>
/// resolves the interface on every call, reading its attributes and formatting its type name: 3.5 % of the shop's CPU
/// under checkout, where every request and every grain-to-grain step asks for references. The first reference to an
/// interface is made by Orleans as before; the grain type and interface type it carries are kept and reused, so every
/// reference is the one <c>GetGrain&lt;T&gt;</c> makes for the same key.
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, Guid key) where T : IGrainWithGuidKey =>
        Resolved<T>.Types is { } types
            ? Create<T>(grains, types, GrainIdKeyExtensions.CreateGuidKey(key))
            : Remember(grains.GetGrain<T>(key));

    public static T Reference<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey =>
        Resolved<T>.Types is { } types
            ? Create<T>(grains, types, GrainIdKeyExtensions.CreateIntegerKey(key))
            : Remember(grains.GetGrain<T>(key));

    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Resolved<T>.Types is { } types
            ? Create<T>(grains, types, IdSpan.Create(key))
            : Remember(grains.GetGrain<T>(key));
    }

    private static T Create<T>(IGrainFactory grains, GrainTypes types, IdSpan key) =>
        (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);

    private static T Remember<T>(T grain)
    {
        var reference = (GrainReference)(object)grain!;
        Resolved<T>.Types = new GrainTypes(reference.GrainId.Type, reference.InterfaceType);
        return grain;
    }

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    /// <summary>Set once per interface; a race only resolves it twice, to the same answer.</summary>
    private static class Resolved<T>
    {
        public static GrainTypes? Types;
    }
}
