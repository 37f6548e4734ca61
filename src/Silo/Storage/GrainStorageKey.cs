using System.Text;
using Orleans.Storage;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// A grain state's row identity in <c>OrleansStorage</c>, computed exactly as Orleans' ADO.NET provider computes it
/// (key halves, key extension, Jenkins hashes of the id bytes and the state name), so rows written by either are one.
/// </summary>
public sealed record GrainStorageKey(string ServiceId, string StateName, long N0, long N1, string? Extension, int GrainIdHash, int StateNameHash)
{
    private static readonly OrleansDefaultHasher Hasher = new();

    // A handful of state names, hashed once each instead of at every read and write.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> StateNameHashes = new();

    public static GrainStorageKey From(string serviceId, string stateName, GrainId grainId)
    {
        long n0 = 0, n1 = 0;
        string? extension;
        byte[] idBytes;
        if (grainId.TryGetGuidKey(out var guid, out extension))
        {
            idBytes = guid.ToByteArray();
            n0 = BitConverter.ToInt64(idBytes, 0);
            n1 = BitConverter.ToInt64(idBytes, 8);
        }
        else if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            n1 = integer;
            idBytes = BitConverter.GetBytes(integer);
        }
        else
        {
            extension = grainId.Key.ToString();
            idBytes = [];
        }

        byte[] hashed = [.. idBytes, .. extension is null ? [] : Encoding.UTF8.GetBytes(extension)];
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(hashed);
        }

        return new GrainStorageKey(serviceId, stateName, n0, n1, extension, Hasher.Hash(hashed), HashOfStateName(stateName));
    }

    /// <summary>The <c>GrainTypeHash</c> of every row of a state name.</summary>
    public static int HashOfStateName(string stateName) =>
        StateNameHashes.GetOrAdd(stateName, name => Hasher.Hash(Encoding.UTF8.GetBytes(name)));

    public override string ToString() => $"{StateName}/{N0:x16}{N1:x16}{(Extension is null ? string.Empty : "#" + Extension)}";
}
