using MarketMicro.Silo;

namespace MarketMicro.WebApi.Infrastructure;

public static class HostingExtensions
{
    /// <summary><c>Hosting:Mode</c>: <c>embedded</c> (default, co-hosts a silo) or <c>client</c> (stateless Orleans client).</summary>
    public static WebApplicationBuilder AddMarketMicroHosting(this WebApplicationBuilder builder)
    {
        if (IsEmbedded(builder.Configuration))
        {
            builder.AddMarketMicroSilo();
        }
        else if (Mode(builder.Configuration) == "client")
        {
            builder.AddMarketMicroClient();
        }
        else
        {
            throw new InvalidOperationException($"Hosting:Mode must be 'embedded' or 'client', not '{builder.Configuration["Hosting:Mode"]}'.");
        }

        return builder;
    }

    public static bool IsEmbedded(IConfiguration configuration) => Mode(configuration) is "" or "embedded";

    private static string Mode(IConfiguration configuration) => configuration["Hosting:Mode"]?.Trim().ToLowerInvariant() ?? string.Empty;
}
