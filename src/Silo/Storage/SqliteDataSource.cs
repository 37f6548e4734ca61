using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Hands out SQLite connections that wait inside SQLite (busy_timeout, millisecond steps) when another writer holds
/// the database, instead of failing fast and letting the driver retry after a fixed 150 ms sleep: many grains write
/// concurrently, and the file has one writer at a time. With <paramref name="checkpointsInBackground"/> no connection
/// checkpoints the write-ahead log itself (<see cref="SqliteCheckpointer"/> does, on a connection of its own).
/// Each commit is synced to disk before it returns, unless <paramref name="syncEachCommit"/> is false (see
/// <see cref="DatabaseSettings.CreateDerivedViewConnection"/>). Every open sets this, so a pooled connection that served
/// one source never carries its setting into the other.
/// </summary>
public sealed class SqliteDataSource(string connectionString, bool checkpointsInBackground = false, bool syncEachCommit = true) : DbDataSource
{
    public const int BusyTimeoutMilliseconds = 30_000;

    public override string ConnectionString { get; } = connectionString;

    protected override DbConnection CreateDbConnection() => new WaitingSqliteConnection(ConnectionString, checkpointsInBackground, syncEachCommit);

    private sealed class WaitingSqliteConnection(string connectionString, bool checkpointsInBackground, bool syncEachCommit) : SqliteConnection(connectionString)
    {
        public override void Open()
        {
            base.Open();
            using var command = CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = {(syncEachCommit ? "FULL" : "NORMAL")};"
                + (checkpointsInBackground ? " PRAGMA wal_autocheckpoint = 0;" : string.Empty);
            command.ExecuteNonQuery();
        }

        public override Task OpenAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Open();
            return Task.CompletedTask;
        }
    }
}
