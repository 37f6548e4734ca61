using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MarketMicro.Silo;

/// <summary>
/// Where a host listens. The customer-facing addresses follow the platform's conventions (<c>Urls</c> /
/// <c>ASPNETCORE_URLS</c>, then <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c> / <c>ASPNETCORE_HTTP_PORTS</c>, or
/// <c>Kestrel:Endpoints</c>); only when none is set does the host's loopback default apply. The operator listener
/// (<see cref="OperationsListener"/>) is added next to them.
/// </summary>
public static class Listeners
{
    public const string KestrelEndpointsSection = "Kestrel:Endpoints";

    private const string OperationsEndpointName = "MarketMicroOperations";

    /// <summary>
    /// The addresses customers reach, as ASP.NET Core would choose them, with <paramref name="defaultUrl"/> only when
    /// nothing is configured. Empty when <c>Kestrel:Endpoints</c> decides (Kestrel then ignores URLs and ports).
    /// </summary>
    public static IReadOnlyList<string> CustomerUrls(IConfiguration configuration, string defaultUrl)
    {
        if (configuration.GetSection(KestrelEndpointsSection).GetChildren().Any())
        {
            return [];
        }

        if (Split(configuration[WebHostDefaults.ServerUrlsKey]) is { Length: > 0 } urls)
        {
            return urls;
        }

        string[] ports =
        [
            .. Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}"),
            .. Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}"),
        ];
        return ports.Length > 0 ? ports : [defaultUrl];
    }

    /// <summary>Listens on the customer addresses (see <see cref="CustomerUrls"/>) and, when enabled, the operator listener.</summary>
    public static WebApplicationBuilder AddMarketMicroListeners(this WebApplicationBuilder builder, string defaultUrl)
    {
        var operations = OperationsListener.FromConfiguration(builder.Configuration);
        builder.Services.TryAddSingleton(operations);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Routing.MatcherPolicy, OperationsOnlyMatcherPolicy>());

        var customer = CustomerUrls(builder.Configuration, defaultUrl);
        if (customer.Count == 0)
        {
            if (operations.Url is { } url)
            {
                builder.Configuration[$"{KestrelEndpointsSection}:{OperationsEndpointName}:Url"] = url.ToString();
            }

            return builder;
        }

        operations.EnsureApartFrom(customer);
        builder.WebHost.UseUrls([.. customer, .. operations.Url is { } extra ? [extra.ToString().TrimEnd('/')] : Array.Empty<string>()]);
        return builder;
    }

    private static string[] Split(string? list) =>
        (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
