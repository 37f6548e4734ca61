using MarketMicro.Silo.Ledger;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.Silo.Tests;

/// <summary>A freshly schema'd ledger on SQLite or on the real MariaDB.</summary>
public sealed class LedgerDatabase : IAsyncDisposable
{
    private readonly TemporaryDirectory? directory;
    private readonly TemporaryMySqlDatabase? mySql;

    private LedgerDatabase(DatabaseSettings settings, TemporaryDirectory? directory, TemporaryMySqlDatabase? mySql)
    {
        Ledger = new SqlOrderLedger(settings);
        this.directory = directory;
        this.mySql = mySql;
        Settings = settings;
    }

    public SqlOrderLedger Ledger { get; }

    public DatabaseSettings Settings { get; }

    public static async Task<LedgerDatabase> CreateAsync(DatabaseKind kind)
    {
        LedgerDatabase ledger;
        if (kind == DatabaseKind.MySql)
        {
            var database = await TemporaryMySqlDatabase.CreateAsync();
            ledger = new LedgerDatabase(DatabaseSettings.FromConfiguration(ShopConfiguration.MySql(database.ConnectionString)), null, database);
        }
        else
        {
            var directory = new TemporaryDirectory();
            ledger = new LedgerDatabase(DatabaseSettings.FromConfiguration(ShopConfiguration.Sqlite(directory.Path)), directory, null);
        }

        await new SchemaInstaller(ledger.Settings, NullLogger<SchemaInstaller>.Instance).ApplyAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        return ledger;
    }

    public async ValueTask DisposeAsync()
    {
        directory?.Dispose();
        if (mySql is not null)
        {
            await mySql.DisposeAsync();
        }
    }
}
