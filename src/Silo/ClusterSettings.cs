using System.Net;
using System.Net.Sockets;
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
            AdvertisedAddress: string.IsNullOrWhiteSpace(advertised) ? IPAddress.Loopback : ResolveAdvertisedAddress(advertised),
            RedisConnectionString: string.IsNullOrWhiteSpace(redis) ? null : redis);
    }

    /// <summary>
    /// <c>Orleans:AdvertisedAddress</c> as an address: an IP literal as it is, a host name (a container's service name,
    /// say) resolved once, at start, preferring IPv4 (the first IPv4 address, else the first IPv6 one).
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is neither an IP address nor a host name that resolves.</exception>
    public static IPAddress ResolveAdvertisedAddress(string value)
    {
        var text = value.Trim();
        if (IPAddress.TryParse(text, out var literal))
        {
            return literal;
        }

        if (Uri.CheckHostName(text) != UriHostNameType.Dns)
        {
            throw new InvalidOperationException(
                $"Orleans:AdvertisedAddress '{value}' is neither an IP address nor a host name.");
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(text);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException(
                $"Orleans:AdvertisedAddress '{value}' could not be resolved to an IP address: {ex.Message}", ex);
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6)
            ?? throw new InvalidOperationException(
                $"Orleans:AdvertisedAddress '{value}' resolved to no IPv4 or IPv6 address.");
    }

    public void Apply(ClusterOptions options)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
    }
}
