using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MySqlConnector;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Grain states in MySQL/MariaDB. A batch is one statement, however many writes it carries, and no explicit transaction:
/// one multi-row <c>INSERT ... ON DUPLICATE KEY UPDATE</c>, which InnoDB applies and commits atomically on its own
/// (autocommit), in which each row applies only when the stored version is the one its caller read (the row brings the
/// version it would become, one above that) and stamps the write's own token. Its count of affected rows tells whether
/// every write applied (see <see cref="AllAppliedCount"/>); when it falls short, or the connection counts found rows
/// instead, one <c>SELECT</c> of the rows that bear this batch's tokens tells which did. A grain has one write in flight
/// at a time, so no other write can replace a token between the two statements; a batch tried again after a lost answer
/// finds the tokens its first try stamped. Rows go in key order, so two batches committing at once lock their rows in
/// the same order. Reads and batches of up to <see cref="MostRowsPrepared"/> rows are prepared statements.
/// </summary>
public sealed class MySqlGrainStateDialect : IGrainStateDialect
{
    private const string Now = "UTC_TIMESTAMP(6)";

    /// <summary>
    /// Batches of at most this many rows (as many as the grain storage puts in one) are prepared statements: the
    /// connection keeps each size's statement parsed, and the payloads travel as binary parameters. Sent as text, every
    /// payload byte went through the server's SQL lexer: in the checkout benchmark parsing was 28 % of MariaDB's CPU
    /// (9.7-10.0 s against 6.3-8.1 s prepared, for the same 6,000 checkouts). With 32 as the bound, the batches of a
    /// busy second (33 rows and more) still went as text and their parsing was 40 % of MariaDB's CPU again; prepared,
    /// 16 %. Bounded because every connection keeps a statement pair per batch size it has seen, and the server's
    /// <c>max_prepared_stmt_count</c> (16,382 by default) counts them all: a silo's grain storage writes on at most
    /// <see cref="DatabaseSettings.GrainWriteConnections"/> connections of a pool of their own, which keep at most
    /// 4 x 2 x 256 = 2,048 (an INSERT and a SELECT per size), and reads on up to 40 others, which keep one each.
    /// Larger batches go as text, and so does a batch the server refuses to prepare because it holds its maximum.
    /// </summary>
    public const int MostRowsPrepared = GroupCommitGrainStorage.MostWritesPerBatch;

    private const string InsertHead = """
        INSERT INTO OrleansStorage
            (GrainKey, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version, WriteToken, PendingSince)
        VALUES
        """;

    // Version last: every IF before it still compares the stored version. A clear is a row with a NULL payload. A row
    // that owes work keeps the stamp of when it began to owe; one that owes nothing clears it.
    private const string UpdateTail = """

        ON DUPLICATE KEY UPDATE
            PayloadBinary = IF(Version = VALUES(Version) - 1, VALUES(PayloadBinary), PayloadBinary),
            ModifiedOn = IF(Version = VALUES(Version) - 1, VALUES(ModifiedOn), ModifiedOn),
            WriteToken = IF(Version = VALUES(Version) - 1, VALUES(WriteToken), WriteToken),
            PendingSince = IF(Version = VALUES(Version) - 1,
                IF(VALUES(PendingSince) IS NULL, NULL, COALESCE(PendingSince, VALUES(PendingSince))), PendingSince),
            Version = IF(Version = VALUES(Version) - 1, VALUES(Version), Version)
        """;

    private const string AppliedHead = "SELECT GrainKey FROM OrleansStorage WHERE GrainKey IN (";

    private const string ReadSql = """
        SELECT PayloadBinary, Version FROM OrleansStorage WHERE GrainKey = @GrainKey AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        """;

    /// <summary>The connection string last seen and what it counts; a silo's storage uses one.</summary>
    private KnownConnection? lastConnection;

    public string ClockSql => Now;

    public async Task<(byte[]? Payload, int Version)?> ReadAsync(DbConnection connection, GrainStorageKey key, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(ReadSql, (MySqlConnection)connection);
        command.Parameters.AddWithValue("@GrainKey", RowKey(key));
        command.Parameters.AddWithValue("@GrainIdHash", key.GrainIdHash);
        command.Parameters.AddWithValue("@GrainTypeHash", key.StateNameHash);
        await TryPrepareAsync(command, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.GetInt32(1)) : null;
    }

    public async Task CommitAsync(DbConnection connection, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        var rows = writes.Select(write => (Write: write, Key: RowKey(write.Key))).ToList();
        rows.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        var mySql = (MySqlConnection)connection;
        await using var insert = new MySqlCommand { Connection = mySql };
        var values = new StringBuilder(InsertHead);
        for (var i = 0; i < rows.Count; i++)
        {
            var (write, key) = rows[i];
            values.Append(CultureInfo.InvariantCulture,
                $"{Separator(i)}\n    (@k{i}, @ih{i}, @n0{i}, @n1{i}, @th{i}, @t{i}, @x{i}, @s{i}, @p{i}, {Now}, @v{i}, @w{i}, IF(@o{i}, {Now}, NULL))");
            var parameters = insert.Parameters;
            Add(parameters, $"@k{i}", MySqlDbType.Binary, key);
            Add(parameters, $"@ih{i}", MySqlDbType.Int32, write.Key.GrainIdHash);
            Add(parameters, $"@n0{i}", MySqlDbType.Int64, write.Key.N0);
            Add(parameters, $"@n1{i}", MySqlDbType.Int64, write.Key.N1);
            Add(parameters, $"@th{i}", MySqlDbType.Int32, write.Key.StateNameHash);
            Add(parameters, $"@t{i}", MySqlDbType.VarChar, write.Key.StateName);
            Add(parameters, $"@x{i}", MySqlDbType.VarChar, write.Key.Extension);
            Add(parameters, $"@s{i}", MySqlDbType.VarChar, write.Key.ServiceId);
            Add(parameters, $"@p{i}", MySqlDbType.LongBlob, write.Payload);
            Add(parameters, $"@v{i}", MySqlDbType.Int32, NewVersion(write));
            Add(parameters, $"@w{i}", MySqlDbType.VarChar, write.Token);
            Add(parameters, $"@o{i}", MySqlDbType.Bool, write.OwesWork);
        }

        insert.CommandText = values.Append(UpdateTail).ToString();
        var affected = await ExecuteAsync(insert, rows.Count, cancellationToken);
        var applied = affected == AllAppliedCount(writes) && CountsAffectedRows(connection)
            ? null
            : await AppliedAsync(mySql, rows, cancellationToken);
        foreach (var (write, key) in rows)
        {
            write.NewVersion = applied is null || applied.Contains(Convert.ToHexString(key)) ? NewVersion(write) : null;
        }
    }

    /// <summary>
    /// What the batch's INSERT reports when every write applied, on a connection that counts affected rows: 1 for each
    /// new row, 2 for each row it updated. A write that did not apply leaves its row unchanged and counts 0, and a
    /// write that expected a row that is missing inserts it and counts 1, so any other count is short of this one.
    /// </summary>
    public static int AllAppliedCount(IReadOnlyList<GrainStateWrite> writes) => writes.Sum(write => write.ExpectedVersion is null ? 1 : 2);

    /// <summary>The keys of the rows that bear this batch's tokens: the writes that applied.</summary>
    private static async Task<HashSet<string>> AppliedAsync(MySqlConnection connection, List<(GrainStateWrite Write, byte[] Key)> rows, CancellationToken cancellationToken)
    {
        await using var select = new MySqlCommand { Connection = connection };
        var keys = new StringBuilder(AppliedHead);
        var tokens = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            keys.Append(CultureInfo.InvariantCulture, $"{Separator(i)}@k{i}");
            tokens.Append(CultureInfo.InvariantCulture, $"{Separator(i)}@w{i}");
            select.Parameters.AddWithValue($"@k{i}", rows[i].Key);
            select.Parameters.AddWithValue($"@w{i}", rows[i].Write.Token);
        }

        select.CommandText = keys.Append(") AND WriteToken IN (").Append(tokens).Append(')').ToString();
        if (rows.Count <= MostRowsPrepared)
        {
            await TryPrepareAsync(select, cancellationToken);
        }

        var applied = new HashSet<string>(rows.Count);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(Convert.ToHexString((byte[])reader.GetValue(0)));
        }

        return applied;
    }

    private static async Task<int> ExecuteAsync(MySqlCommand command, int rows, CancellationToken cancellationToken)
    {
        if (rows <= MostRowsPrepared)
        {
            await TryPrepareAsync(command, cancellationToken);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the connection's counts are affected rows: MySqlConnector counts found rows unless told otherwise
    /// (<c>UseAffectedRows</c>), and then a write refused for its version counts 1 like a new row, so its counts say nothing.
    /// The silo's storage connections count affected rows (<see cref="DatabaseSettings.CreateGrainStorageConnection"/>,
    /// <see cref="DatabaseSettings.CreateGrainWriteConnection"/>).
    /// </summary>
    private bool CountsAffectedRows(DbConnection connection)
    {
        var connectionString = connection.ConnectionString;
        if (lastConnection is not { } known || !string.Equals(known.ConnectionString, connectionString, StringComparison.Ordinal))
        {
            lastConnection = known = new KnownConnection(connectionString, new MySqlConnectionStringBuilder(connectionString).UseAffectedRows);
        }

        return known.CountsAffectedRows;
    }

    /// <summary>
    /// A parameter of a known type: MySqlConnector infers the type of one added by value from the value's CLR type, by
    /// searching its type map on every value set (0.4 % of the shop's CPU in the MariaDB checkout benchmark, by perf).
    /// </summary>
    private static void Add(MySqlParameterCollection parameters, string name, MySqlDbType type, object? value) =>
        parameters.Add(new MySqlParameter(name, type) { Value = value ?? DBNull.Value });

    private static string Separator(int index) => index == 0 ? string.Empty : ",";

    /// <summary>Prepares the command unless the server already holds all the prepared statements it allows: then it runs as text.</summary>
    private static async Task TryPrepareAsync(MySqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await command.PrepareAsync(cancellationToken);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.MaxPreparedStatementCountReached)
        {
            // The same statement then goes as text, parsed for this one execution.
        }
    }

    /// <summary>The version a write makes: one above the one its caller read, 1 for a first write.</summary>
    private static int NewVersion(GrainStateWrite write) => (write.ExpectedVersion ?? 0) + 1;

    /// <summary>
    /// The row's primary key, as the schema's stored queries compute it in SQL:
    /// <c>UNHEX(SHA2(CONCAT_WS('|', ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, COALESCE(GrainIdExtensionString, '')), 256))</c>.
    /// Computed here, so the server parses and hashes nothing per row.
    /// </summary>
    public static byte[] RowKey(GrainStorageKey key) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{key.ServiceId}|{key.StateName}|{key.N0}|{key.N1}|{key.Extension}")));

    private sealed record KnownConnection(string ConnectionString, bool CountsAffectedRows);
}
