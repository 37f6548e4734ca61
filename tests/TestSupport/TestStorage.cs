using MarketMicro.Silo.Storage;
using Microsoft.Extensions.Configuration;

namespace MarketMicro.TestSupport;

/// <summary>
/// A throwaway database for one test or fixture: a SQLite file in a temporary folder (the embedded default) or a
/// database of its own on the real MariaDB test server. Silos started on it again see the same state.
/// </summary>
public sealed class TestStorage : IAsyncDisposable
{
    private readonly TemporaryDirectory directory;
    private readonly TemporaryMySqlDatabase? mySql;

    private TestStorage(DatabaseKind kind, TemporaryDirectory directory, TemporaryMySqlDatabase? mySql)
    {
        Kind = kind;
        this.directory = directory;
        this.mySql = mySql;
    }

    public DatabaseKind Kind { get; }

    /// <summary>The data directory (SQLite file, and anything else a silo writes there).</summary>
    public string DataDirectory => directory.Path;

    public DatabaseSettings Database => DatabaseSettings.FromConfiguration(Configuration());

    public static async Task<TestStorage> CreateAsync(DatabaseKind kind) =>
        kind == DatabaseKind.MySql
            ? new TestStorage(kind, new TemporaryDirectory(), await TemporaryMySqlDatabase.CreateAsync())
            : new TestStorage(kind, new TemporaryDirectory(), null);

    /// <summary>The configuration an operator would set for this storage, plus any extra keys.</summary>
    public IConfiguration Configuration(params (string Key, string Value)[] extra) =>
        ShopConfiguration.Build([
            ("Storage:DataDirectory", directory.Path),
            .. mySql is null ? Array.Empty<(string, string)>() : [("ConnectionStrings:MySql", mySql.ConnectionString)],
            .. extra,
        ]);

    public async ValueTask DisposeAsync()
    {
        directory.Dispose();
        if (mySql is not null)
        {
            await mySql.DisposeAsync();
        }
    }
}
