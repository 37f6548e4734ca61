using System.Net;

namespace MarketMicro.Silo;

/// <summary>
/// How an operator command (tools/Rebuild, tools/Audit) reaches the shop: a gateway, or the Redis cluster, with the
/// service and cluster ids as <c>Orleans:*</c> configuration keys. Without <c>--gateway</c> or <c>--redis</c> it is the
/// embedded default's gateway on this machine (<c>Orleans:GatewayPort</c>, default 30000).
/// </summary>
public sealed record OperatorConnection(IPEndPoint? Gateway, IReadOnlyDictionary<string, string?> Settings)
{
    public const string Usage = "[--gateway 127.0.0.1:30000 | --redis host:port] [--service-id id] [--cluster-id id]";

    /// <summary>Takes the connection options out of <paramref name="args"/>; the other arguments are returned in order.</summary>
    public static (OperatorConnection Connection, IReadOnlyList<string> Others) Parse(IReadOnlyList<string> args)
    {
        IPEndPoint? gateway = null;
        var settings = new Dictionary<string, string?>();
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var key = args[i] switch
            {
                "--gateway" => "gateway",
                "--redis" => "ConnectionStrings:Redis",
                "--service-id" => "Orleans:ServiceId",
                "--cluster-id" => "Orleans:ClusterId",
                _ => null,
            };
            if (key is null)
            {
                rest.Add(args[i]);
                continue;
            }

            var value = ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
            if (key == "gateway")
            {
                gateway = IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port != 0
                    ? endpoint
                    : throw new ArgumentException($"--gateway wants address:port, not '{value}'");
            }
            else
            {
                settings[key] = value;
            }
        }

        if (gateway is not null && settings.ContainsKey("ConnectionStrings:Redis"))
        {
            throw new ArgumentException("--gateway and --redis exclude each other");
        }

        return (new OperatorConnection(gateway, settings), rest);
    }
}
