using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Hands out SQLite connections that wait inside SQLite (busy_timeout, millisecond steps) when another writer holds
/// the database, instead of failing fast and letting the driver retry after a fixed 150 ms sleep: many grains write
/// concurrently, and the file has one writer at a time.
/// </summary>
public sealed class SqliteDataSource(string connectionString) : DbDataSource
{
    public const int BusyTimeoutMilliseconds = 30_000;

    public override string ConnectionString { get; } = connectionString;

    protected override DbConnection CreateDbConnection() => new WaitingSqliteConnection(ConnectionString);

    private sealed class WaitingSqliteConnection(string connectionString) : SqliteConnection(connectionString)
    {
        public override void Open()
        {
            base.Open();
            using var command = CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
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
