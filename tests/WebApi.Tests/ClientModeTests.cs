using System.Net;
using MarketMicro.Silo;
using MarketMicro.TestSupport;
using MarketMicro.WebApi.Tests.Hardening;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace MarketMicro.WebApi.Tests;

public sealed class ClientModeTests
{
    [Fact]
    public async Task StatelessFrontendFindsTheSiloThroughRedisMembershipAndBecomesReady()
    {
        using var data = new TemporaryDirectory();
        var clusterId = $"client-mode-{Guid.NewGuid():N}";
        var gatewayPort = FreePort.Next();
        (string, string)[] cluster =
        [
            ("ConnectionStrings:Redis", TestServers.Redis),
            ("Orleans:ClusterId", clusterId),
            ("Orleans:ServiceId", clusterId),
        ];

        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Configuration.AddConfiguration(ShopConfiguration.Sqlite(data.Path,
            [.. cluster, ("Orleans:SiloPort", FreePort.Next().ToString()), ("Orleans:GatewayPort", gatewayPort.ToString())]));
        siloBuilder.AddMarketMicroSilo();
        using var silo = siloBuilder.Build();
        await silo.StartAsync();
        try
        {
            // The silo count is a health detail: the operator listener shows it.
            await using var frontend = new KestrelShopFactory(withOperationsListener: true, [.. cluster, ("Hosting:Mode", "client"), ("Jwt:SigningKey", Convert.ToBase64String(new byte[48]))]);
            using var operations = frontend.Operator();
            var response = await operations.GetAsync("/health/ready");

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.Contains("1 active silo", body);
        }
        finally
        {
            await silo.StopAsync();
        }
    }
}
