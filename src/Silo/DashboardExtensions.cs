using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace MarketMicro.Silo;

/// <summary>
/// The Orleans Dashboard for operators: off unless <c>Dashboard:Enabled</c> is true, and then served only on its own
/// listener (<c>Dashboard:Url</c>, loopback by default), never on the port customers use.
/// </summary>
public static class DashboardExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5200";
    public const string Path = "/dashboard";

    public static bool IsDashboardEnabled(this IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", false);

    public static ISiloBuilder UseMarketMicroDashboard(this ISiloBuilder silo, IConfiguration configuration) =>
        configuration.IsDashboardEnabled() ? silo.AddDashboard(options => options.HideTrace = true) : silo;

    /// <summary>Adds the dashboard's own listener next to the configured URLs.</summary>
    public static WebApplicationBuilder AddMarketMicroDashboardListener(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.IsDashboardEnabled())
        {
            return builder;
        }

        var urls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://127.0.0.1:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.WebHost.UseUrls([.. urls, DashboardUrl(builder.Configuration).ToString().TrimEnd('/')]);
        return builder;
    }

    /// <summary>Maps the dashboard so that it answers only requests addressed to its own listener.</summary>
    public static WebApplication MapMarketMicroDashboard(this WebApplication app)
    {
        if (app.Configuration.IsDashboardEnabled())
        {
            var url = DashboardUrl(app.Configuration);
            app.MapOrleansDashboard(Path).RequireHost($"{url.Host}:{url.Port}");
        }

        return app;
    }

    private static Uri DashboardUrl(IConfiguration configuration) => new(configuration["Dashboard:Url"] ?? DefaultUrl);
}
