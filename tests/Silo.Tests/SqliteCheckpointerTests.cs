using Dapper;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.Silo.Tests;

public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task WithBackgroundCheckpointsNoCommitCopiesTheLogAndTheCheckpointerCopiesAllOfIt()
    {
        using var data = new TemporaryDirectory();
        var database = DatabaseSettings.FromConfiguration(ShopConfiguration.Sqlite(data.Path)) with { CheckpointsInBackground = true };
        await WriteRowsAsync(database, 3_000);

        var checkpointer = new SqliteCheckpointer(database, NullLogger<SqliteCheckpointer>.Instance);
        var (logPages, checkpointed) = await checkpointer.CheckpointAsync();

        Assert.True(logPages > 1_000, $"the log held {logPages} pages: a commit checkpointed it");
        Assert.Equal(logPages, checkpointed);
        Assert.Equal(3_000L, await ScalarAsync(database, "SELECT COUNT(*) FROM Probe"));
    }

    [Fact]
    public async Task WithoutBackgroundCheckpointsCommitsKeepSqlitesAutomaticCheckpoint()
    {
        using var data = new TemporaryDirectory();
        var database = DatabaseSettings.FromConfiguration(ShopConfiguration.Sqlite(data.Path));
        await WriteRowsAsync(database, 3_000);

        Assert.Equal(1_000L, await ScalarAsync(database, "PRAGMA wal_autocheckpoint"));
        var (logPages, _) = await new SqliteCheckpointer(database, NullLogger<SqliteCheckpointer>.Instance).CheckpointAsync();
        Assert.True(logPages <= 1_100, $"the log held {logPages} pages");
    }

    /// <summary>Each row in a transaction of its own, as grain writes commit; the log grows by a page or more each.</summary>
    private static async Task WriteRowsAsync(DatabaseSettings database, int rows)
    {
        await using var connection = database.CreateConnection();
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL; CREATE TABLE Probe (Id INTEGER PRIMARY KEY, Payload BLOB NOT NULL);");
        for (var i = 0; i < rows; i++)
        {
            await connection.ExecuteAsync("INSERT INTO Probe (Id, Payload) VALUES (@i, randomblob(600));", new { i });
        }
    }

    private static async Task<long> ScalarAsync(DatabaseSettings database, string sql)
    {
        await using var connection = database.CreateConnection();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
