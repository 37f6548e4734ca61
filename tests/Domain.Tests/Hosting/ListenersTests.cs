using MarketMicro.Silo;
using Microsoft.Extensions.Configuration;

namespace MarketMicro.Domain.Tests.Hosting;

public sealed class ListenersTests
{
    private const string Default = "http://127.0.0.1:5000";

    [Fact]
    public void WithNothingConfiguredTheLoopbackDefaultApplies() =>
        Assert.Equal([Default], Listeners.CustomerUrls(Configuration(), Default));

    [Theory]
    [InlineData("urls")]
    [InlineData("URLS")]
    public void ConfiguredUrlsWin(string key) =>
        Assert.Equal(["http://0.0.0.0:8080", "http://[::]:8081"], Listeners.CustomerUrls(Configuration((key, "http://0.0.0.0:8080; http://[::]:8081")), Default));

    [Fact]
    public void ThePortsContainerPlatformsSetWinOverTheDefault() =>
        Assert.Equal(["http://*:8080", "https://*:8443"], Listeners.CustomerUrls(Configuration(("http_ports", "8080"), ("https_ports", "8443")), Default));

    [Fact]
    public void UrlsWinOverPortsAsInAspNetCore() =>
        Assert.Equal(["http://127.0.0.1:9000"], Listeners.CustomerUrls(Configuration(("urls", "http://127.0.0.1:9000"), ("http_ports", "8080")), Default));

    [Fact]
    public void KestrelEndpointsLeaveTheChoiceToKestrel() =>
        Assert.Empty(Listeners.CustomerUrls(Configuration(("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:7000")), Default));

    [Fact]
    public void EnvironmentVariablesAsContainerPlatformsSetThemAreHonoured()
    {
        const string variable = "ASPNETCORE_HTTP_PORTS";
        var before = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, "8080");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").Build();
            Assert.Equal(["http://*:8080"], Listeners.CustomerUrls(configuration, Default));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, before);
        }
    }

    [Fact]
    public void TheOperatorListenerIsOffUnlessConfiguredOrTheDashboardIsEnabled()
    {
        Assert.Null(OperationsListener.FromConfiguration(Configuration()).Url);
        Assert.Equal(new Uri(OperationsListener.DefaultUrl), OperationsListener.FromConfiguration(Configuration(("Dashboard:Enabled", "true"))).Url);
        Assert.Equal(new Uri("http://127.0.0.1:5301"), OperationsListener.FromConfiguration(Configuration(("Operations:Url", "http://127.0.0.1:5301"))).Url);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("ftp://127.0.0.1:5200")]
    public void AnUnusableOperatorUrlStopsTheStart(string url) =>
        Assert.Throws<InvalidOperationException>(() => OperationsListener.FromConfiguration(Configuration(("Operations:Url", url))));

    [Fact]
    public void TheOperatorListenerMayNotShareAPortWithCustomers()
    {
        var operations = OperationsListener.FromConfiguration(Configuration(("Operations:Url", "http://127.0.0.1:5200")));

        Assert.Throws<InvalidOperationException>(() => operations.EnsureApartFrom(["http://*:5200"]));
        operations.EnsureApartFrom(["http://*:5000", "http://[::]:8080/"]);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(value => KeyValuePair.Create(value.Key, (string?)value.Value))).Build();
}
