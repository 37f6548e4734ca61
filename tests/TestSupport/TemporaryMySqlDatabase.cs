using MySqlConnector;

namespace MarketMicro.TestSupport;

/// <summary>A database of its own on the real MariaDB/MySQL test server, dropped on dispose.</summary>
public sealed class TemporaryMySqlDatabase : IAsyncDisposable
{
    private TemporaryMySqlDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TemporaryMySqlDatabase> CreateAsync()
    {
        var name = $"marketmicro_t_{Guid.NewGuid():N}"[..40];
        var server = new MySqlConnectionStringBuilder(TestServers.MySql);
        await ExecuteAsync(server.ConnectionString, $"CREATE DATABASE `{name}`");
        server.Database = name;
        return new TemporaryMySqlDatabase(name, server.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await ExecuteAsync(TestServers.MySql, $"DROP DATABASE IF EXISTS `{Name}`");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (MySqlException ex)
        {
            throw new InvalidOperationException(
                $"The MariaDB test server is not reachable ({ex.Message}). Run scripts/test.sh, which starts it.", ex);
        }

        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
