using System.Net;
using MarketMicro.WebApi.Infrastructure;

namespace MarketMicro.Domain.Tests.Users;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void ClientsAreKeyedByIPv4AddressOrIPv6Network(string address, string key) =>
        Assert.Equal(key, ClientAddress.KeyOf(IPAddress.Parse(address)));

    [Fact]
    public void AConnectionWithoutAddressHasOneSharedKey() =>
        Assert.Equal(ClientAddress.Unknown, ClientAddress.KeyOf((IPAddress?)null));
}
