using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using MySqlConnector;

namespace MarketMicro.Silo.Storage;

public enum DatabaseKind
{
    Sqlite,
    MySql,
}

/// <summary>
/// The one relational database a silo keeps its grain state, reminders and ledger in:
/// MySQL/MariaDB when <c>ConnectionStrings:MySql</c> is set, else a SQLite file in <c>Storage:DataDirectory</c>.
/// </summary>
public sealed record DatabaseSettings(DatabaseKind Kind, string ConnectionString)
{
    public const string SqliteInvariant = "System.Data.SQLite";
    public const string MySqlInvariant = "MySql.Data.MySqlConnector";
    public const string SqliteFileName = "marketmicro.db";

    public string Invariant => Kind == DatabaseKind.MySql ? MySqlInvariant : SqliteInvariant;

    /// <summary>
    /// Whether a commit holds its thread until it is durable: SQLite's driver runs its async calls synchronously, sync
    /// included, while MySqlConnector waits without a thread. What a group commit's writers run on (<c>blockingCommits</c>).
    /// </summary>
    public bool CommitsBlockTheirThread => Kind == DatabaseKind.Sqlite;

    /// <summary>
    /// SQLite: connections leave checkpoints of the write-ahead log to <see cref="SqliteCheckpointer"/> (a silo runs
    /// one). Off, the connection whose commit fills the log past 1,000 pages copies it into the database file and syncs
    /// that before its commit returns; for the group-committed grain storage that is its one writer, so every write waits.
    /// </summary>
    public bool CheckpointsInBackground { get; init; }

    public static DatabaseSettings FromConfiguration(IConfiguration configuration)
    {
        var mySql = configuration.GetConnectionString("MySql");
        if (!string.IsNullOrWhiteSpace(mySql))
        {
            // The grain-storage write stamps a session variable to tell applied writes from refused ones.
            var builder = new MySqlConnectionStringBuilder(mySql) { AllowUserVariables = true };
            if (!builder.ContainsKey("Maximum Pool Size"))
            {
                // MySqlConnector's default (100 per pool) lets two busy silos exhaust a default server's 151
                // connections; beyond this many, writes wait briefly for a pooled connection instead of failing. The
                // grain storage's pool is the busy one (CreateGrainStorageConnection); the others' stay a few deep.
                builder.MaximumPoolSize = 40;
            }

            if (!builder.ContainsKey("Connection Reset"))
            {
                // A pooled connection is taken as it was left: no reset and no SET NAMES before every batch, read or
                // query (two statements and a round trip each). Nothing here leaves session state that a later user
                // could trip on: no temporary tables, and every transaction is committed or rolled back on dispose.
                builder.ConnectionReset = false;
            }

            return new DatabaseSettings(DatabaseKind.MySql, builder.ConnectionString) { GrainWriters = GrainWritersFrom(configuration) };
        }

        var dataDirectory = DataDirectory.Resolve(configuration);
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, SqliteFileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new DatabaseSettings(DatabaseKind.Sqlite, sqlite.ToString());
    }

    private SqliteDataSource? sqliteSource;
    private SqliteDataSource? sqliteDerivedViewSource;

    public System.Data.Common.DbConnection CreateConnection() => Kind switch
    {
        DatabaseKind.MySql => new MySqlConnection(ConnectionString),
        _ => SqliteSource!.CreateConnection(),
    };

    private string? grainStorageConnectionString;

    /// <summary>
    /// A connection for the grain storage. MySQL: one that counts affected rows instead of found rows, so a batch of writes
    /// tells by its count alone that every write applied, one round trip where the check took two
    /// (<see cref="MySqlGrainStateDialect"/>). A pool of its own (the same maximum size): Orleans' reminder and pub-sub
    /// queries read <c>ROW_COUNT()</c> and keep the counts they were written for.
    /// </summary>
    public System.Data.Common.DbConnection CreateGrainStorageConnection() => GrainStorageConnection(ref grainStorageConnectionString, maximumPoolSize: null);

    /// <summary>The most connections the grain storage's batches of writes take at once (one per committing writer).</summary>
    public const int GrainWriteConnections = 4;

    private readonly int mySqlGrainWriters = 1;

    /// <summary>
    /// How many batches of grain-state writes commit at once. MySQL: <c>Storage:GrainWriters</c>, 1 to
    /// <see cref="GrainWriteConnections"/>, by default <see cref="DefaultGrainWriters"/>. SQLite has one writer at a
    /// time, whatever was set.
    /// </summary>
    public int GrainWriters
    {
        get => Kind == DatabaseKind.MySql ? mySqlGrainWriters : 1;
        init => mySqlGrainWriters = value;
    }

    /// <summary>
    /// One writer per two cores, at most <see cref="GrainWriteConnections"/>. A writer takes whatever is pending as soon
    /// as it is free, so more writers than the cores can keep busy split the same writes into more, smaller batches, and
    /// every batch costs MariaDB about as much again as a dozen of its rows (a statement and a commit: 21 µs a row in
    /// batches of 16, 50 µs in batches of 4). On two cores, one writer against four (saved 2,000-product MariaDB shop,
    /// alternating runs): MariaDB's CPU 15 % lower in the checkout command and 21 % lower per cart add, with as many
    /// orders and cart adds a second or more.
    /// </summary>
    public static int DefaultGrainWriters(int processorCount) => Math.Clamp(processorCount / 2, 1, GrainWriteConnections);

    private static int GrainWritersFrom(IConfiguration configuration)
    {
        var setting = configuration["Storage:GrainWriters"];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return DefaultGrainWriters(Environment.ProcessorCount);
        }

        return int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var writers)
            && writers is >= 1 and <= GrainWriteConnections
            ? writers
            : throw new InvalidOperationException($"Storage:GrainWriters is '{setting}'; it must be a whole number from 1 to {GrainWriteConnections}.");
    }

    private string? grainWriteConnectionString;

    /// <summary>
    /// A connection for the grain storage's batches of writes. MySQL: as <see cref="CreateGrainStorageConnection"/>, from a
    /// pool of its own holding at most <see cref="GrainWriteConnections"/>, one per writer, so the few connections
    /// that write keep every batch size they have prepared (<see cref="MySqlGrainStateDialect.MostRowsPrepared"/>):
    /// spread over the 40 connections of the reads, each size was prepared again on every connection it met.
    /// </summary>
    public System.Data.Common.DbConnection CreateGrainWriteConnection() => GrainStorageConnection(ref grainWriteConnectionString, GrainWriteConnections);

    /// <summary>MySQL: a connection that counts affected rows, from the pool its (cached) connection string names; else as <see cref="CreateConnection"/>.</summary>
    private System.Data.Common.DbConnection GrainStorageConnection(ref string? connectionString, int? maximumPoolSize)
    {
        if (Kind != DatabaseKind.MySql)
        {
            return CreateConnection();
        }

        if (connectionString is null)
        {
            var builder = new MySqlConnectionStringBuilder(ConnectionString) { UseAffectedRows = true };
            if (maximumPoolSize is { } size)
            {
                builder.MaximumPoolSize = (uint)size;
            }

            connectionString = builder.ConnectionString;
        }

        return new MySqlConnection(connectionString);
    }

    /// <summary>
    /// A connection for a derived view that converges to the stored grain state by catching up (the order ledger). On
    /// SQLite its commits are not synced to disk one by one (synchronous=NORMAL in WAL mode): they survive a crash of
    /// the process, become durable with the next synced commit of the grain storage or the next checkpoint, and a power
    /// loss can take only the newest of them, which the next catch-up pass writes again (the log keeps commits in
    /// order, so a checkpoint of the pass is never kept without what the pass applied before it). Sharing the file's
    /// one write lock, each synced ledger commit held every grain write up for its own sync. MySQL: as
    /// <see cref="CreateConnection"/>.
    /// </summary>
    public System.Data.Common.DbConnection CreateDerivedViewConnection() => Kind switch
    {
        DatabaseKind.MySql => CreateConnection(),
        _ => (sqliteDerivedViewSource ??= new SqliteDataSource(ConnectionString, CheckpointsInBackground, syncEachCommit: false)).CreateConnection(),
    };

    /// <summary>For SQLite, the data source Orleans' ADO.NET providers get (connections that wait for the writer lock).</summary>
    public SqliteDataSource? SqliteSource =>
        Kind == DatabaseKind.Sqlite ? sqliteSource ??= new SqliteDataSource(ConnectionString, CheckpointsInBackground) : null;

    /// <summary>What Orleans' ADO.NET providers are given: for SQLite a data source, for MySQL a connection string.</summary>
    public (string Invariant, System.Data.Common.DbDataSource? DataSource, string? ConnectionString) AdoNetConnection() =>
        SqliteSource is { } source ? (Invariant, source, null) : (Invariant, null, ConnectionString);

    /// <summary>A description safe to log: the server or file, never the password.</summary>
    public string Describe() => Kind switch
    {
        DatabaseKind.MySql => DescribeMySql(ConnectionString),
        _ => $"SQLite file {new SqliteConnectionStringBuilder(ConnectionString).DataSource}",
    };

    private static string DescribeMySql(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        return $"MySQL {builder.Server}:{builder.Port}/{builder.Database}";
    }
}
