using System.Net;
using MarketMicro.Silo;
using Microsoft.Extensions.Configuration;

namespace MarketMicro.Domain.Tests.Hosting;

public sealed class ClusterSettingsTests
{
    [Fact]
    public void WithoutAnAdvertisedAddressTheSiloAdvertisesLoopback() =>
        Assert.Equal(IPAddress.Loopback, Settings().AdvertisedAddress);

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void AnIpLiteralIsTakenAsItIs(string literal) =>
        Assert.Equal(IPAddress.Parse(literal), Settings(("Orleans:AdvertisedAddress", literal)).AdvertisedAddress);

    [Fact]
    public void AHostNameIsResolvedAtStartPreferringIPv4() =>
        Assert.Equal(IPAddress.Loopback, Settings(("Orleans:AdvertisedAddress", "localhost")).AdvertisedAddress);

    [Fact]
    public void SurroundingSpacesAreIgnored() =>
        Assert.Equal(IPAddress.Parse("10.0.0.7"), ClusterSettings.ResolveAdvertisedAddress(" 10.0.0.7 "));

    [Theory]
    [InlineData("not a host")]
    [InlineData("silo_1!")]
    [InlineData("http://silo1")]
    public void GarbageFailsNamingTheSetting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Settings(("Orleans:AdvertisedAddress", value)));
        Assert.Contains("Orleans:AdvertisedAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHostNameThatDoesNotResolveFailsWithTheReason()
    {
        // .invalid is reserved (RFC 6761): it never resolves.
        var error = Assert.Throws<InvalidOperationException>(() => ClusterSettings.ResolveAdvertisedAddress("silo1.invalid"));
        Assert.Contains("could not be resolved", error.Message, StringComparison.Ordinal);
    }

    private static ClusterSettings Settings(params (string Key, string Value)[] values) =>
        ClusterSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
