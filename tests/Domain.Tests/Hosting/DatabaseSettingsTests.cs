using MarketMicro.Silo.Storage;
using Microsoft.Extensions.Configuration;
using MySqlConnector;

namespace MarketMicro.Domain.Tests.Hosting;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void AMySqlPoolIsCappedAtFortyConnectionsPerProcessUnlessConfigured() =>
        Assert.Equal(40u, PoolSize("Server=db;Database=shop"));

    [Theory]
    [InlineData("Server=db;Database=shop;Maximum Pool Size=7")]
    [InlineData("Server=db;Database=shop;Max Pool Size=7")]
    [InlineData("Server=db;Database=shop;MaxPoolSize=7")]
    public void AnOperatorsPoolSizeWinsUnderAnyOfItsNames(string connectionString) => Assert.Equal(7u, PoolSize(connectionString));

    [Fact]
    public void APooledMySqlConnectionIsNotResetBeforeEachUseUnlessConfigured() =>
        Assert.False(Settings("Server=db;Database=shop").ConnectionReset);

    [Theory]
    [InlineData("Server=db;Database=shop;Connection Reset=true")]
    [InlineData("Server=db;Database=shop;ConnectionReset=true")]
    public void AnOperatorsConnectionResetWins(string connectionString) => Assert.True(Settings(connectionString).ConnectionReset);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(6, 3)]
    [InlineData(8, 4)]
    [InlineData(64, 4)]
    public void TheGrainStorageHasOneWriterPerTwoCoresAndAtMostOnePerWriteConnection(int cores, int writers) =>
        Assert.Equal(writers, DatabaseSettings.DefaultGrainWriters(cores));

    [Fact]
    public void WithoutASettingAMySqlShopHasTheDefaultWritersForThisMachine() =>
        Assert.Equal(DatabaseSettings.DefaultGrainWriters(Environment.ProcessorCount), Database("Server=db;Database=shop").GrainWriters);

    [Theory]
    [InlineData("1", 1)]
    [InlineData("4", 4)]
    public void AnOperatorsGrainWritersWin(string setting, int writers) =>
        Assert.Equal(writers, Database("Server=db;Database=shop", setting).GrainWriters);

    [Fact]
    public void SqliteHasOneGrainWriterWhateverWasSet() =>
        Assert.Equal(1, new DatabaseSettings(DatabaseKind.Sqlite, "Data Source=shop.db") { GrainWriters = 3 }.GrainWriters);

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("1.5")]
    public void GrainWritersOutsideOneToTheWriteConnectionsStopTheSiloSayingWhy(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Database("Server=db;Database=shop", setting));
        Assert.Contains($"Storage:GrainWriters is '{setting}'", error.Message);
        Assert.Contains($"from 1 to {DatabaseSettings.GrainWriteConnections}", error.Message);
    }

    private static uint PoolSize(string connectionString) => Settings(connectionString).MaximumPoolSize;

    private static MySqlConnectionStringBuilder Settings(string connectionString) => new(Database(connectionString).ConnectionString);

    private static DatabaseSettings Database(string connectionString, string? grainWriters = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:MySql"] = connectionString,
            ["Storage:GrainWriters"] = grainWriters,
        }).Build();
        return DatabaseSettings.FromConfiguration(configuration);
    }
}
