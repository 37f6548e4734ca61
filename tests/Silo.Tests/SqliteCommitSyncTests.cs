using System.Data.Common;
using Dapper;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;

namespace MarketMicro.Silo.Tests;

/// <summary>SQLite's synchronous setting: FULL (1 sync per commit) for grain state, NORMAL for the derived views.</summary>
public sealed class SqliteCommitSyncTests
{
    private const long Normal = 1;
    private const long Full = 2;

    [Fact]
    public async Task DerivedViewCommitsAreNotSyncedOneByOneWhileGrainStateCommitsOnConnectionsFromTheSamePoolAre()
    {
        using var data = new TemporaryDirectory();
        var database = DatabaseSettings.FromConfiguration(ShopConfiguration.Sqlite(data.Path));

        // Back and forth, so that each kind of connection is handed one the pool last gave to the other kind.
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(Normal, await SynchronousAsync(database.CreateDerivedViewConnection()));
            Assert.Equal(Full, await SynchronousAsync(database.CreateConnection()));
        }
    }

    private static async Task<long> SynchronousAsync(DbConnection connection)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            return await connection.ExecuteScalarAsync<long>("PRAGMA synchronous");
        }
    }
}
