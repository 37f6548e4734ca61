using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.Silo.Tests;

public sealed class SchemaInstallerTests
{
    [Fact]
    public async Task TwoSilosApplyingTheSqliteSchemaAtOnceBothSucceed()
    {
        using var data = new TemporaryDirectory();
        await AssertConcurrentInstallsSucceedAsync(DatabaseSettings.FromConfiguration(ShopConfiguration.Sqlite(data.Path)));
    }

    [Fact]
    public async Task TwoSilosApplyingTheMariaDbSchemaAtOnceBothSucceed()
    {
        await using var database = await TemporaryMySqlDatabase.CreateAsync();
        await AssertConcurrentInstallsSucceedAsync(DatabaseSettings.FromConfiguration(ShopConfiguration.MySql(database.ConnectionString)));
    }

    [Fact]
    public async Task ASqliteStoreFromBeforeTheOwingStampGetsItsColumnAndKeepsItsRows()
    {
        using var data = new TemporaryDirectory();
        var database = DatabaseSettings.FromConfiguration(ShopConfiguration.Sqlite(data.Path));
        await ScalarAsync(database, """
            CREATE TABLE OrleansStorage
            (
                GrainIdHash INTEGER NOT NULL, GrainIdN0 INTEGER NOT NULL, GrainIdN1 INTEGER NOT NULL, GrainTypeHash INTEGER NOT NULL,
                GrainTypeString TEXT NOT NULL, GrainIdExtensionString TEXT NOT NULL DEFAULT '', ServiceId TEXT NOT NULL,
                PayloadBinary BLOB NULL, ModifiedOn TEXT NOT NULL, Version INTEGER NOT NULL
            );
            INSERT INTO OrleansStorage VALUES (1, 2, 3, 4, 'order', '', 'shop', x'01', '2026-01-01T00:00:00.000Z', 7);
            """);

        for (var install = 0; install < 2; install++)
        {
            await new SchemaInstaller(database, NullLogger<SchemaInstaller>.Instance).ApplyAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        Assert.Equal(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM pragma_table_info('OrleansStorage') WHERE name = 'PendingSince'"));
        Assert.Equal(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM OrleansStorage WHERE Version = 7 AND PendingSince IS NULL"));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public void EachDialectShipsTheQueriesOrleansRequires(DatabaseKind kind)
    {
        var script = string.Join("\n", SchemaInstaller.StatementsFor(kind));
        string[] keys =
        [
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
            "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        Assert.All(keys, key => Assert.Contains($"'{key}'", script));
    }

    private static async Task<long> ScalarAsync(DatabaseSettings database, string sql)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    private static async Task AssertConcurrentInstallsSucceedAsync(DatabaseSettings database)
    {
        var installers = Enumerable.Range(0, 2).Select(_ => new SchemaInstaller(database, NullLogger<SchemaInstaller>.Instance));
        await Task.WhenAll(installers.Select(installer => installer.ApplyAsync(TimeSpan.FromSeconds(30), CancellationToken.None)));

        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'";
        Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync()));
    }
}
