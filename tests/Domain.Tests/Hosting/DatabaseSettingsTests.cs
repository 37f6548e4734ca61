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

    private static uint PoolSize(string connectionString) => Settings(connectionString).MaximumPoolSize;

    private static MySqlConnectionStringBuilder Settings(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:MySql"] = connectionString }).Build();
        return new MySqlConnectionStringBuilder(DatabaseSettings.FromConfiguration(configuration).ConnectionString);
    }
}
