using Microsoft.Extensions.Configuration;

namespace MarketMicro.TestSupport;

/// <summary>Builds the same configuration keys an operator sets, for composing silos in tests.</summary>
public static class ShopConfiguration
{
    public static IConfiguration Sqlite(string dataDirectory, params (string Key, string Value)[] extra) =>
        Build([("Storage:DataDirectory", dataDirectory), .. extra]);

    public static IConfiguration MySql(string connectionString, params (string Key, string Value)[] extra) =>
        Build([("ConnectionStrings:MySql", connectionString), .. extra]);

    public static IConfiguration Build(IEnumerable<(string Key, string Value)> values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)))
            .Build();
}
