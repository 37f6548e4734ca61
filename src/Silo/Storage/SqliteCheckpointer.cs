using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Copies the SQLite write-ahead log into the database file on a connection of its own, a few times a second, so that
/// no committing connection does it (see <see cref="DatabaseSettings.CheckpointsInBackground"/>). A passive checkpoint
/// never blocks a writer or a reader: under checkout load the group commit's writer kept appending while the copy and
/// its sync ran, where before it stopped for them (up to a second on a busy virtual disk, every write in the silo
/// waiting behind it). Should readers keep the log from being reused until it passes
/// <see cref="MaxLogPages"/>, one restarting checkpoint waits for them so that the next writer starts the log afresh.
/// </summary>
public sealed partial class SqliteCheckpointer(DatabaseSettings database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>How often the log is checkpointed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>About 64 MB of 4 KB pages: past it the log is restarted, waiting for readers.</summary>
    public const int MaxLogPages = 16_384;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckpointAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckpointFailed(ex);
            }
        }
    }

    /// <summary>One checkpoint: the log's pages and how many of them are now in the database file.</summary>
    public async Task<(long LogPages, long Checkpointed)> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var result = await RunAsync(connection, "PASSIVE", cancellationToken);
        if (result.LogPages > MaxLogPages)
        {
            result = await RunAsync(connection, "RESTART", cancellationToken);
        }

        return result;
    }

    private static async Task<(long LogPages, long Checkpointed)> RunAsync(DbConnection connection, string mode, CancellationToken cancellationToken)
    {
        var result = await connection.QuerySingleAsync<CheckpointResult>(
            new CommandDefinition($"PRAGMA wal_checkpoint({mode});", cancellationToken: cancellationToken));
        return (result.Log, result.Checkpointed);
    }

    /// <summary>The pragma's row: whether it was blocked, the log's pages, and how many are in the database file.</summary>
    private sealed record CheckpointResult(long Busy, long Log, long Checkpointed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the SQLite write-ahead log failed; the next try follows shortly")]
    private partial void LogCheckpointFailed(Exception ex);
}
