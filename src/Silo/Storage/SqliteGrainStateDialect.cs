using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Grain states in SQLite: a write is one UPSERT that applies only when the caller holds the stored version and returns
/// the new version (no row when refused). The statements are prepared once per batch and re-bound for each write.
/// </summary>
public sealed class SqliteGrainStateDialect : IGrainStateDialect
{
    private const string RowMatches = """
        GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
            AND GrainTypeString = @GrainTypeString AND GrainIdExtensionString = @GrainIdExtensionString AND ServiceId = @ServiceId
        """;

    /// <summary>ISO-8601 text, milliseconds.</summary>
    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    private const string WriteSql = $"""
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version, PendingSince)
        VALUES (@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, {Now}, 1,
            CASE WHEN @OwesWork THEN {Now} END)
        ON CONFLICT (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId) DO UPDATE SET
            PayloadBinary = excluded.PayloadBinary, ModifiedOn = excluded.ModifiedOn, Version = OrleansStorage.Version + 1,
            PendingSince = CASE WHEN excluded.PendingSince IS NOT NULL THEN COALESCE(OrleansStorage.PendingSince, excluded.PendingSince) END
        WHERE OrleansStorage.Version = @Expected
        RETURNING Version
        """;

    private const string ClearSql = $"""
        UPDATE OrleansStorage SET PayloadBinary = NULL, ModifiedOn = {Now}, Version = Version + 1, PendingSince = NULL
        WHERE {RowMatches} AND Version = @Expected
        RETURNING Version
        """;

    private const string ReadSql = $"SELECT PayloadBinary, Version FROM OrleansStorage WHERE {RowMatches} LIMIT 1";

    public string ClockSql => Now;

    public async Task<(byte[]? Payload, int Version)?> ReadAsync(DbConnection connection, GrainStorageKey key, CancellationToken cancellationToken)
    {
        await using var command = Command((SqliteConnection)connection, null, ReadSql);
        Bind(command, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return reader.Read() ? (reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.GetInt32(1)) : null;
    }

    /// <summary>
    /// One transaction: every write in order, then the commit (and its sync). A write that owes work keeps the row's
    /// stamp of when it began to (or stamps it now); one that owes nothing clears it.
    /// </summary>
    public async Task CommitAsync(DbConnection connection, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        using (var write = Command((SqliteConnection)connection, transaction, WriteSql))
        using (var clear = Command((SqliteConnection)connection, transaction, ClearSql))
        {
            foreach (var item in writes)
            {
                var command = item.Payload is null ? clear : write;
                Bind(command, item.Key);
                command.Parameters["@PayloadBinary"].Value = (object?)item.Payload ?? DBNull.Value;
                command.Parameters["@Expected"].Value = (object?)item.ExpectedVersion ?? DBNull.Value;
                command.Parameters["@OwesWork"].Value = item.OwesWork ? 1 : 0;
                item.NewVersion = command.ExecuteScalar() is { } version and not DBNull ? Convert.ToInt32(version) : null;
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = new SqliteCommand(sql, connection, transaction);
        foreach (var name in (string[])["@GrainIdHash", "@GrainIdN0", "@GrainIdN1", "@GrainTypeHash", "@GrainTypeString", "@GrainIdExtensionString", "@ServiceId", "@PayloadBinary", "@Expected", "@OwesWork"])
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        return command;
    }

    private static void Bind(SqliteCommand command, GrainStorageKey key)
    {
        command.Parameters["@GrainIdHash"].Value = key.GrainIdHash;
        command.Parameters["@GrainIdN0"].Value = key.N0;
        command.Parameters["@GrainIdN1"].Value = key.N1;
        command.Parameters["@GrainTypeHash"].Value = key.StateNameHash;
        command.Parameters["@GrainTypeString"].Value = key.StateName;
        command.Parameters["@GrainIdExtensionString"].Value = key.Extension ?? string.Empty; // '' not NULL: see the schema
        command.Parameters["@ServiceId"].Value = key.ServiceId;
    }
}
