using MarketMicro.Projections;
using MarketMicro.Silo;

namespace MarketMicro.Rebuild;

/// <summary>The command line: which projection, and how to reach the cluster.</summary>
public sealed record RebuildOptions(string Projection, OperatorConnection Connection)
{
    public const string Usage = $"usage: rebuild ledger|search {OperatorConnection.Usage}";

    public static RebuildOptions Parse(string[] args)
    {
        var (connection, rest) = OperatorConnection.Parse(args);
        return rest is [var projection] && ProjectionNames.All.Contains(projection)
            ? new RebuildOptions(projection, connection)
            : throw new ArgumentException(rest.FirstOrDefault(arg => arg.StartsWith("--", StringComparison.Ordinal)) is { } unknown
                ? $"unknown option {unknown}"
                : $"name the projection to rebuild: {string.Join(" or ", ProjectionNames.All)}");
    }
}
