using System.Data.Common;

namespace MarketMicro.Silo.Storage;

/// <summary>The SQL one database needs to read grain states and to apply a batch of writes inside one transaction.</summary>
public interface IGrainStateDialect
{
    /// <summary>Reads the stored payload (null once cleared) and version; null when the row does not exist.</summary>
    Task<(byte[]? Payload, int Version)?> ReadAsync(DbConnection connection, GrainStorageKey key, CancellationToken cancellationToken);

    /// <summary>Applies every write in order inside <paramref name="transaction"/>, setting each one's <see cref="GrainStateWrite.NewVersion"/> when applied.</summary>
    Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken);
}
