using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace MarketMicro.Silo;

/// <summary>The <c>Orleans:*</c> and <c>ConnectionStrings:Redis</c> settings shared by silos and clients.</summary>
public sealed record ClusterSettings(
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedAddress,
    string? RedisConnectionString)
{
    public static ClusterSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Orleans");
        var redis = configuration.GetConnectionString("Redis");
        var advertised = section["AdvertisedAddress"];
        return new ClusterSettings(
            ClusterId: section["ClusterId"] is { Length: > 0 } clusterId ? clusterId : "market-micro",
            ServiceId: section["ServiceId"] is { Length: > 0 } serviceId ? serviceId : "market-micro",
            SiloPort: section.GetValue("SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
            GatewayPort: section.GetValue("GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
            AdvertisedAddress: string.IsNullOrWhiteSpace(advertised) ? IPAddress.Loopback : IPAddress.Parse(advertised),
            RedisConnectionString: string.IsNullOrWhiteSpace(redis) ? null : redis);
    }

    public void Apply(ClusterOptions options)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
    }
}
