using System.Net;
using System.Net.Sockets;

namespace MarketMicro.WebApi.Infrastructure;

/// <summary>Who a request comes from, for throttles: the connection's address after trusted forwarded headers.</summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    /// <summary>
    /// An IPv4 address as is; an IPv6 address by its /64 network, since one subscriber usually holds a whole /64
    /// and could otherwise rotate through addresses to escape a per-address limit.
    /// </summary>
    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    public static string KeyOf(HttpContext context) => KeyOf(context.Connection.RemoteIpAddress);
}
