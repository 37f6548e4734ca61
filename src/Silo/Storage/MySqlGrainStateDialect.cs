using System.Data.Common;
using System.Text;
using MySqlConnector;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Grain states in MySQL/MariaDB. A batch goes to the server as one command (one round trip): for each write an
/// <c>INSERT ... ON DUPLICATE KEY UPDATE</c> that applies only when the caller holds the stored version and stamps the
/// write's own token, then a <c>SELECT</c> of the version that answers whether it was this write that applied.
/// Writes are sent in key order, so two batches committing at once lock their rows in the same order.
/// </summary>
public sealed class MySqlGrainStateDialect : IGrainStateDialect
{
    private const string RowKey = "UNHEX(SHA2(CONCAT_WS('|', @ServiceId{0}, @GrainTypeString{0}, @GrainIdN0{0}, @GrainIdN1{0}, COALESCE(@GrainIdExtensionString{0}, '')), 256))";

    private const string WriteSql = $$"""
        INSERT INTO OrleansStorage
            (GrainKey, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version, WriteToken)
        VALUES ({{RowKey}}, @GrainIdHash{0}, @GrainIdN0{0}, @GrainIdN1{0}, @GrainTypeHash{0}, @GrainTypeString{0}, @GrainIdExtensionString{0}, @ServiceId{0},
            @PayloadBinary{0}, UTC_TIMESTAMP(6), 1, @Token{0})
        ON DUPLICATE KEY UPDATE
            PayloadBinary = IF(Version <=> @Expected{0}, VALUES(PayloadBinary), PayloadBinary),
            ModifiedOn = IF(Version <=> @Expected{0}, UTC_TIMESTAMP(6), ModifiedOn),
            WriteToken = IF(Version <=> @Expected{0}, @Token{0}, WriteToken),
            Version = IF(Version <=> @Expected{0}, Version + 1, Version);
        """;

    private const string ClearSql = $$"""
        UPDATE OrleansStorage SET PayloadBinary = NULL, ModifiedOn = UTC_TIMESTAMP(6), WriteToken = @Token{0}, Version = Version + 1
        WHERE GrainKey = {{RowKey}} AND Version = @Expected{0};
        """;

    private const string OutcomeSql = $$"""
        SELECT IF(WriteToken = @Token{0}, Version, NULL) FROM OrleansStorage WHERE GrainKey = {{RowKey}};
        """;

    private const string ReadSql = $$"""
        SELECT PayloadBinary, Version FROM OrleansStorage WHERE GrainKey = {{RowKey}} AND GrainIdHash = @GrainIdHash{0} AND GrainTypeHash = @GrainTypeHash{0}
        """;

    public async Task<(byte[]? Payload, int Version)?> ReadAsync(DbConnection connection, GrainStorageKey key, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(string.Format(ReadSql, 0), (MySqlConnection)connection);
        Bind(command.Parameters, 0, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.GetInt32(1)) : null;
    }

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        var ordered = writes
            .OrderBy(w => w.Key.StateName, StringComparer.Ordinal).ThenBy(w => w.Key.N0).ThenBy(w => w.Key.N1)
            .ThenBy(w => w.Key.Extension, StringComparer.Ordinal)
            .ToList();
        var sql = new StringBuilder();
        await using var command = new MySqlCommand { Connection = (MySqlConnection)connection, Transaction = (MySqlTransaction)transaction };
        for (var i = 0; i < ordered.Count; i++)
        {
            var write = ordered[i];
            sql.AppendFormat(write.Payload is null ? ClearSql : WriteSql, i).AppendFormat(OutcomeSql, i);
            Bind(command.Parameters, i, write.Key);
            command.Parameters.AddWithValue($"@PayloadBinary{i}", write.Payload);
            command.Parameters.AddWithValue($"@Expected{i}", write.ExpectedVersion);
            command.Parameters.AddWithValue($"@Token{i}", write.Token);
        }

        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        foreach (var write in ordered)
        {
            write.NewVersion = await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? Convert.ToInt32(reader.GetValue(0)) : null;
            await reader.NextResultAsync(cancellationToken);
        }
    }

    private static void Bind(MySqlParameterCollection parameters, int index, GrainStorageKey key)
    {
        parameters.AddWithValue($"@ServiceId{index}", key.ServiceId);
        parameters.AddWithValue($"@GrainTypeString{index}", key.StateName);
        parameters.AddWithValue($"@GrainIdN0{index}", key.N0);
        parameters.AddWithValue($"@GrainIdN1{index}", key.N1);
        parameters.AddWithValue($"@GrainIdExtensionString{index}", key.Extension);
        parameters.AddWithValue($"@GrainIdHash{index}", key.GrainIdHash);
        parameters.AddWithValue($"@GrainTypeHash{index}", key.StateNameHash);
    }
}
