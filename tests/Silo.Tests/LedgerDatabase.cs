using MarketMicro.Silo.Ledger;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.Silo.Tests;

/// <summary>A freshly schema'd ledger on SQLite or on the real MariaDB.</summary>
public sealed class LedgerDatabase : IAsyncDisposable
{
    private readonly TestStorage storage;

    private LedgerDatabase(TestStorage storage)
    {
        this.storage = storage;
        Ledger = new SqlOrderLedger(storage.Database);
    }

    public SqlOrderLedger Ledger { get; }

    public static async Task<LedgerDatabase> CreateAsync(DatabaseKind kind)
    {
        var storage = await TestStorage.CreateAsync(kind);
        await new SchemaInstaller(storage.Database, NullLogger<SchemaInstaller>.Instance).ApplyAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        return new LedgerDatabase(storage);
    }

    public ValueTask DisposeAsync() => storage.DisposeAsync();
}
