using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MySqlConnector;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Grain states in MySQL/MariaDB. A batch is two statements, however many writes it carries (one round trip as text, one
/// each prepared), and no explicit transaction: one multi-row <c>INSERT ... ON DUPLICATE KEY UPDATE</c>, which InnoDB
/// applies and commits atomically on its own (autocommit), in which each row applies only when the stored version is the
/// one its caller read (the row brings the version it would become, one above that) and stamps the write's own token;
/// then one <c>SELECT</c> of the rows that bear this batch's tokens: the writes that applied. A grain has one write in
/// flight at a time, so no other write can replace a token between the two statements; a batch tried again after a lost
/// answer finds the tokens its first try stamped. Rows go in key order, so two batches committing at once lock their rows
/// in the same order. Reads and batches of up to <see cref="MostRowsPrepared"/> rows are prepared statements.
/// </summary>
public sealed class MySqlGrainStateDialect : IGrainStateDialect
{
    private const string Now = "UTC_TIMESTAMP(6)";

    /// <summary>
    /// Batches of at most this many rows are prepared statements: the connection keeps each size's statements parsed,
    /// and the payloads travel as binary parameters. Sent as text, every payload byte went through the server's SQL
    /// lexer: in the checkout benchmark parsing was 28 % of MariaDB's CPU (9.7-10.0 s against 6.3-8.1 s prepared, for
    /// the same 6,000 checkouts). Bounded because every connection keeps a statement pair per batch size it has seen,
    /// and the server's <c>max_prepared_stmt_count</c> (16,382 by default) counts them all: a silo's 40 pooled
    /// connections keep at most 40 x (2 x 32 + 1) = 2,600. Larger batches (a batch carries about 8 writes at 800
    /// checkouts/s) go as text, and so does a batch the server refuses to prepare because it holds its maximum.
    /// </summary>
    public const int MostRowsPrepared = 32;

    private const string InsertHead = """
        INSERT INTO OrleansStorage
            (GrainKey, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version, WriteToken)
        VALUES
        """;

    // Version last: every IF before it still compares the stored version. A clear is a row with a NULL payload.
    private const string UpdateTail = """

        ON DUPLICATE KEY UPDATE
            PayloadBinary = IF(Version = VALUES(Version) - 1, VALUES(PayloadBinary), PayloadBinary),
            ModifiedOn = IF(Version = VALUES(Version) - 1, VALUES(ModifiedOn), ModifiedOn),
            WriteToken = IF(Version = VALUES(Version) - 1, VALUES(WriteToken), WriteToken),
            Version = IF(Version = VALUES(Version) - 1, VALUES(Version), Version);
        SELECT GrainKey FROM OrleansStorage WHERE GrainKey IN (
        """;

    private const string ReadSql = """
        SELECT PayloadBinary, Version FROM OrleansStorage WHERE GrainKey = @GrainKey AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        """;

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
        await using var command = new MySqlCommand { Connection = (MySqlConnection)connection };
        var values = new StringBuilder(InsertHead);
        var keys = new StringBuilder();
        var tokens = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            var (write, key) = rows[i];
            var separator = i == 0 ? string.Empty : ",";
            values.Append(CultureInfo.InvariantCulture,
                $"{separator}\n    (@k{i}, @ih{i}, @n0{i}, @n1{i}, @th{i}, @t{i}, @x{i}, @s{i}, @p{i}, {Now}, @v{i}, @w{i})");
            keys.Append(CultureInfo.InvariantCulture, $"{separator}@k{i}");
            tokens.Append(CultureInfo.InvariantCulture, $"{separator}@w{i}");
            var parameters = command.Parameters;
            parameters.AddWithValue($"@k{i}", key);
            parameters.AddWithValue($"@ih{i}", write.Key.GrainIdHash);
            parameters.AddWithValue($"@n0{i}", write.Key.N0);
            parameters.AddWithValue($"@n1{i}", write.Key.N1);
            parameters.AddWithValue($"@th{i}", write.Key.StateNameHash);
            parameters.AddWithValue($"@t{i}", write.Key.StateName);
            parameters.AddWithValue($"@x{i}", write.Key.Extension);
            parameters.AddWithValue($"@s{i}", write.Key.ServiceId);
            parameters.AddWithValue($"@p{i}", write.Payload);
            parameters.AddWithValue($"@v{i}", NewVersion(write));
            parameters.AddWithValue($"@w{i}", write.Token);
        }

        command.CommandText = values.Append(UpdateTail).Append(keys).Append(") AND WriteToken IN (").Append(tokens).Append(");").ToString();
        if (rows.Count <= MostRowsPrepared)
        {
            await TryPrepareAsync(command, cancellationToken);
        }

        var applied = new HashSet<string>(rows.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            // The reader opens on the first statement that returns rows: the SELECT.
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(Convert.ToHexString((byte[])reader.GetValue(0)));
            }
        }

        foreach (var (write, key) in rows)
        {
            write.NewVersion = applied.Contains(Convert.ToHexString(key)) ? NewVersion(write) : null;
        }
    }

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
}
