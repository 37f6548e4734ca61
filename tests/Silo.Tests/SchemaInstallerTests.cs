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
