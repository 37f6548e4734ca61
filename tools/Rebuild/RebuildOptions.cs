using System.Net;
using MarketMicro.Projections;

namespace MarketMicro.Rebuild;

/// <summary>The command line: which projection, and how to reach the cluster (as <c>Orleans:*</c> configuration keys).</summary>
public sealed record RebuildOptions(string Projection, IPEndPoint? Gateway, IReadOnlyDictionary<string, string?> Settings)
{
    public const string Usage =
        "usage: rebuild ledger|search [--gateway 127.0.0.1:30000 | --redis host:port] [--service-id id] [--cluster-id id]";

    public static RebuildOptions Parse(string[] args)
    {
        if (args.Length == 0 || !ProjectionNames.All.Contains(args[0]))
        {
            throw new ArgumentException($"name the projection to rebuild: {string.Join(" or ", ProjectionNames.All)}");
        }

        IPEndPoint? gateway = null;
        var settings = new Dictionary<string, string?>();
        for (var i = 1; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--gateway":
                    gateway = IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port != 0
                        ? endpoint
                        : throw new ArgumentException($"--gateway wants address:port, not '{value}'");
                    break;
                case "--redis":
                    settings["ConnectionStrings:Redis"] = value;
                    break;
                case "--service-id":
                    settings["Orleans:ServiceId"] = value;
                    break;
                case "--cluster-id":
                    settings["Orleans:ClusterId"] = value;
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (gateway is not null && settings.ContainsKey("ConnectionStrings:Redis"))
        {
            throw new ArgumentException("--gateway and --redis exclude each other");
        }

        return new RebuildOptions(args[0], gateway, settings);
    }
}
