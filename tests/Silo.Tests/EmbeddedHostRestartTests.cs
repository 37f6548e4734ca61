using MarketMicro.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketMicro.Silo.Tests;

public sealed class EmbeddedHostRestartTests
{
    [Fact]
    public async Task RestartingTheEmbeddedDefaultOnTheSameDataDirectoryKeepsGrainState()
    {
        using var data = new TemporaryDirectory();
        using (var first = await StartEmbeddedAsync(data.Path))
        {
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("kept").Remember("before restart");
            await first.StopAsync();
        }

        using var second = await StartEmbeddedAsync(data.Path);
        var values = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("kept").Recall();
        await second.StopAsync();
        Assert.Equal(["before restart"], values);
    }

    private static async Task<IHost> StartEmbeddedAsync(string dataDirectory)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(ShopConfiguration.Sqlite(dataDirectory,
            ("Orleans:SiloPort", FreePort.Next().ToString()),
            ("Orleans:GatewayPort", FreePort.Next().ToString())));
        builder.AddMarketMicroSilo();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
