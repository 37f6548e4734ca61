using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Applies the project's own SQL (Orleans storage and reminder tables, their queries, the order ledger)
/// at start-up. Every script is idempotent; a database-wide lock makes two silos starting together safe.
/// </summary>
public sealed class SchemaInstaller(DatabaseSettings database, ILogger<SchemaInstaller> logger)
{
    private const string StatementSeparator = "-- GO";
    private const string MySqlLockName = "marketmicro.schema";

    /// <summary>The scripts of each dialect, applied in this order: <c>Sql/{dialect}.{script}.sql</c>.</summary>
    private static readonly string[] Scripts = ["orleans", "ledger"];
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task ApplyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await ApplyOnceAsync(cancellationToken);
                logger.LogInformation("Schema applied to {Database}", database.Describe());
                return;
            }
            catch (DbException ex) when (DateTime.UtcNow < deadline && IsTransient(ex))
            {
                logger.LogWarning("Database {Database} not reachable yet ({Reason}); retrying", database.Describe(), ex.Message);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    public static IReadOnlyList<string> StatementsFor(DatabaseKind kind)
    {
        var assembly = typeof(SchemaInstaller).Assembly;
        var dialect = kind.ToString().ToLowerInvariant();
        return Scripts
            .SelectMany(script => SplitStatements(ReadResource(assembly, $"{assembly.GetName().Name}.Sql.{dialect}.{script}.sql")))
            .ToList();
    }

    private async Task ApplyOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var statements = StatementsFor(database.Kind);
        if (database.Kind == DatabaseKind.MySql)
        {
            await ApplyUnderMySqlLockAsync(connection, statements, cancellationToken);
        }
        else
        {
            await ApplyInSqliteTransactionAsync(connection, statements, cancellationToken);
        }
    }

    private static async Task ApplyUnderMySqlLockAsync(DbConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        var acquired = await ScalarAsync(connection, $"SELECT GET_LOCK('{MySqlLockName}', 120)", cancellationToken);
        if (Convert.ToInt64(acquired) != 1)
        {
            throw new InvalidOperationException("Timed out waiting for the schema lock held by another silo.");
        }

        try
        {
            foreach (var statement in statements)
            {
                await ExecuteAsync(connection, statement, null, cancellationToken);
            }
        }
        finally
        {
            await ScalarAsync(connection, $"SELECT RELEASE_LOCK('{MySqlLockName}')", CancellationToken.None);
        }
    }

    private static async Task ApplyInSqliteTransactionAsync(DbConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", null, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (table, column, type) in SqliteColumnsAdded)
        {
            await AddSqliteColumnAsync(connection, transaction, table, column, type, cancellationToken);
        }

        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, statement, transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Columns the SQLite scripts' tables gained after their first release: a table created before gets them before the
    /// scripts run (their indexes may name them). SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>; the MySQL script has it.
    /// </summary>
    private static readonly (string Table, string Column, string Type)[] SqliteColumnsAdded = [("OrleansStorage", "PendingSince", "TEXT NULL")];

    private static async Task AddSqliteColumnAsync(DbConnection connection, DbTransaction transaction, string table, string column, string type,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*), COUNT(CASE WHEN name = '{column}' THEN 1 END) FROM pragma_table_info('{table}')";
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            // No columns: the table does not exist yet and its script creates it whole.
            if (!await reader.ReadAsync(cancellationToken) || reader.GetInt64(0) == 0 || reader.GetInt64(1) == 1)
            {
                return;
            }
        }

        await ExecuteAsync(connection, $"ALTER TABLE {table} ADD COLUMN {column} {type}", transaction, cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 150;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static bool IsTransient(DbException exception) => exception switch
    {
        MySqlException mySql => mySql.IsTransient || mySql.ErrorCode is MySqlErrorCode.UnableToConnectToHost,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        _ => false,
    };

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IEnumerable<string> SplitStatements(string script)
    {
        var current = new System.Text.StringBuilder();
        foreach (var line in script.Split('\n'))
        {
            if (line.Trim() == StatementSeparator)
            {
                if (HasSql(current.ToString()))
                {
                    yield return current.ToString();
                }

                current.Clear();
                continue;
            }

            current.Append(line).Append('\n');
        }

        if (HasSql(current.ToString()))
        {
            yield return current.ToString();
        }
    }

    private static bool HasSql(string chunk) =>
        chunk.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal));
}
