namespace MarketMicro;

/// <summary>Buckets of ids, from the id's own bytes, so every silo and every runtime version picks the same bucket.</summary>
public static class IdBuckets
{
    public static int Of(Guid id, int buckets)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes) % (uint)buckets);
    }
}
