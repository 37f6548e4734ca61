using System.Data.Common;

namespace MarketMicro.Silo.Storage;

/// <summary>The SQL one database needs to read grain states and to commit a batch of writes atomically.</summary>
public interface IGrainStateDialect
{
    /// <summary>The dialect of the database the silo stores its grains in.</summary>
    static IGrainStateDialect For(DatabaseKind kind) =>
        kind == DatabaseKind.MySql ? new MySqlGrainStateDialect() : new SqliteGrainStateDialect();

    /// <summary>The SQL expression of the clock every write stamps <c>ModifiedOn</c> with.</summary>
    string ClockSql { get; }

    /// <summary>Reads the stored payload (null once cleared) and version; null when the row does not exist.</summary>
    Task<(byte[]? Payload, int Version)?> ReadAsync(DbConnection connection, GrainStorageKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Applies every write and commits them all or none, setting each one's <see cref="GrainStateWrite.NewVersion"/> when
    /// applied; returns once that is durable.
    /// </summary>
    Task CommitAsync(DbConnection connection, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken);
}
