using MarketMicro.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MarketMicro.WebApi.Tests;

/// <summary>The whole shop in one process (embedded default) on a fresh data directory and free ports.</summary>
public class ShopApiFactory : WebApplicationFactory<Program>
{
    private readonly TemporaryDirectory data = new();

    public string DataDirectory => data.Path;

    protected virtual IEnumerable<(string Key, string Value)> Settings() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", data.Path);
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        builder.UseSetting("Bootstrap:AdminEmail", ShopUsers.AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", ShopUsers.AdminPassword);
        builder.UseSetting("RateLimiting:Credentials:PermitLimit", "100000");
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        data.Dispose();
        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopApiFactory>
{
    public const string Name = "shop";
}
