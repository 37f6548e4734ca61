using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace MarketMicro.ShopDriver;

/// <summary>
/// The disk's own limit: one writer committing one row per transaction to SQLite in WAL mode with synchronous=FULL
/// (each commit waits for its fsync), in the folder given, for the time given.
/// </summary>
internal static class DiskLimitCommand
{
    public static int Run(DriverOptions options)
    {
        var file = Path.Combine(options.Folder, $"marketmicro-disk-limit-{Guid.NewGuid():N}.db");
        try
        {
            var commitsPerSecond = MeasureCommits(file, options.Seconds);
            ResultRows.Append(options.RowsFile, "disk: synced commits/s (SQLite WAL, synchronous=FULL, 1 writer)", commitsPerSecond,
                null, "", $"on {FileSystemOf(options.Folder)}; each commit waits for its fsync: a store that commits every write alone is held to this");
            return 0;
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
    }

    /// <summary>The mount the folder lives on, e.g. "/ (ext4)": the longest mount point that contains it.</summary>
    private static string FileSystemOf(string folder)
    {
        var path = Path.GetFullPath(folder);
        var drive = DriveInfo.GetDrives()
            .Where(d => path.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .MaxBy(d => d.RootDirectory.FullName.Length);
        return drive is null ? path : $"{drive.RootDirectory.FullName} ({drive.DriveFormat})";
    }

    private static double MeasureCommits(string file, double seconds)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE commits (id INTEGER PRIMARY KEY, at INTEGER NOT NULL);";
            setup.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO commits (at) VALUES ($at)";
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        var commits = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            at.Value = clock.ElapsedTicks;
            insert.ExecuteNonQuery();
            transaction.Commit();
            commits++;
        }

        return commits / clock.Elapsed.TotalSeconds;
    }
}
