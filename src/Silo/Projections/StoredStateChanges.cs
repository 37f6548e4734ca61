using System.Data.Common;
using System.Globalization;
using MarketMicro.Grains;
using MarketMicro.Grains.Projections;
using MarketMicro.Silo.Storage;

namespace MarketMicro.Silo.Projections;

/// <summary>
/// Reads the grain-state table the project owns: which grains of a state name were written since a moment, by
/// <c>ModifiedOn</c> (stamped by the database), and which have owed work since a while ago, by <c>PendingSince</c>. Only ids
/// and times are read here; each projection reads the state, and the grains that owe work finish it themselves.
/// </summary>
public sealed class StoredStateChanges(DatabaseSettings database, string serviceId) : IStoredStateChanges, IStoredWork
{
    public async Task<StoredChanges> ReadSinceAsync(string stateName, DateTime? since, CancellationToken cancellationToken = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var readAt = await DatabaseClockAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ChangesSql(since is not null);
        AddParameter(command, "@StateNameHash", GrainStorageKey.HashOfStateName(stateName));
        AddParameter(command, "@ServiceId", serviceId);
        AddParameter(command, "@StateName", stateName);
        if (since is { } from)
        {
            AddParameter(command, "@Since", database.Kind == DatabaseKind.MySql ? from : SqliteStamp(from));
        }

        var changes = new List<StoredChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new StoredChange(FromStorageKey(reader.GetInt64(0), reader.GetInt64(1)), Utc(reader.GetValue(2))));
        }

        return new StoredChanges(changes, readAt);
    }

    public async Task<IReadOnlyList<Guid>> ReadOwingAsync(string stateName, TimeSpan owingFor, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var due = await DatabaseClockAsync(connection, cancellationToken) - owingFor;
        await using var command = connection.CreateCommand();
        command.CommandText = OwingSql;
        AddParameter(command, "@StateNameHash", GrainStorageKey.HashOfStateName(stateName));
        AddParameter(command, "@ServiceId", serviceId);
        AddParameter(command, "@StateName", stateName);
        // With its 'Z', as the stamps are: a stamp of the very millisecond due is due.
        AddParameter(command, "@Due", database.Kind == DatabaseKind.MySql ? due : SqliteStamp(due) + "Z");
        AddParameter(command, "@Limit", limit);
        var owing = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            owing.Add(FromStorageKey(reader.GetInt64(0), reader.GetInt64(1)));
        }

        return owing;
    }

    /// <summary>The rows of one state name stamped before <c>@Due</c>, oldest stamp first, by the index on (<c>GrainTypeHash</c>, <c>PendingSince</c>).</summary>
    public const string OwingSql = """
        SELECT GrainIdN0, GrainIdN1 FROM OrleansStorage
        WHERE GrainTypeHash = @StateNameHash AND ServiceId = @ServiceId AND GrainTypeString = @StateName
            AND PendingSince IS NOT NULL AND PendingSince <= @Due
        ORDER BY PendingSince
        LIMIT @Limit
        """;

    /// <summary>
    /// The rows of one state name (Orleans stores each grain's state under the name its [PersistentState] attribute
    /// gives), oldest change first, all of them or those changed since <c>@Since</c>. The schema's index on
    /// (<c>GrainTypeHash</c>, <c>ModifiedOn</c>) serves it, so a pass reads what changed, not the whole table: every pass,
    /// every 30 s per projection, scanned every row of every grain (a catalog of 100,000 products took MariaDB half a
    /// core for three seconds, and the benchmark's search and checkout answered slower meanwhile).
    /// </summary>
    public static string ChangesSql(bool since) => $"""
        SELECT GrainIdN0, GrainIdN1, ModifiedOn FROM OrleansStorage
        WHERE GrainTypeHash = @StateNameHash AND ServiceId = @ServiceId AND GrainTypeString = @StateName AND PayloadBinary IS NOT NULL
        {(since ? "AND ModifiedOn >= @Since" : string.Empty)}
        ORDER BY ModifiedOn
        """;

    /// <summary>The clock <c>ModifiedOn</c> is stamped with (the grain storage's statements), read before the changes are.</summary>
    private async Task<DateTime> DatabaseClockAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + IGrainStateDialect.For(database.Kind).ClockSql;
        return Utc(await command.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException("The database did not tell its time."));
    }

    /// <summary>Orleans stores a Guid key as the two little-endian halves of its bytes.</summary>
    public static Guid FromStorageKey(long n0, long n1) => new([.. BitConverter.GetBytes(n0), .. BitConverter.GetBytes(n1)]);

    /// <summary>SQLite keeps <c>ModifiedOn</c> as ISO-8601 text ('...T10:00:00.123Z'), which compares as text.</summary>
    private static string SqliteStamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static DateTime Utc(object value) => value is DateTime at
        ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
        : DateTime.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
