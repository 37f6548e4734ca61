using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace MarketMicro.Silo;

/// <summary>
/// The Orleans Dashboard for operators: off unless <c>Dashboard:Enabled</c> is true, and then served only on the
/// operator listener (<see cref="OperationsListener"/>, loopback by default), never on the port customers use.
/// </summary>
public static class DashboardExtensions
{
    public const string Path = "/dashboard";

    public static bool IsDashboardEnabled(this IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", false);

    public static ISiloBuilder UseMarketMicroDashboard(this ISiloBuilder silo, IConfiguration configuration) =>
        configuration.IsDashboardEnabled() ? silo.AddDashboard(options => options.HideTrace = true) : silo;

    /// <summary>Maps the dashboard so that it exists only for connections to the operator listener.</summary>
    public static WebApplication MapMarketMicroDashboard(this WebApplication app)
    {
        if (app.Configuration.IsDashboardEnabled())
        {
            app.MapOrleansDashboard(Path).RequireOperationsListener();
        }

        return app;
    }
}
