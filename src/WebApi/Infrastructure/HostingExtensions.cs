using MarketMicro.Silo;

namespace MarketMicro.WebApi.Infrastructure;

public static class HostingExtensions
{
    /// <summary><c>Hosting:Mode</c>: <c>embedded</c> (default, co-hosts a silo) or <c>client</c> (stateless Orleans client).</summary>
    public static WebApplicationBuilder AddMarketMicroHosting(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration["Hosting:Mode"];
        switch (mode?.Trim().ToLowerInvariant())
        {
            case null or "" or "embedded":
                builder.AddMarketMicroSilo();
                break;
            case "client":
                builder.AddMarketMicroClient();
                break;
            default:
                throw new InvalidOperationException($"Hosting:Mode must be 'embedded' or 'client', not '{mode}'.");
        }

        return builder;
    }
}
