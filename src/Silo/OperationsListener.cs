using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.Silo;

/// <summary>
/// The operators' own listener (<c>Operations:Url</c>; <c>http://127.0.0.1:5200</c> when only the dashboard is
/// enabled): the dashboard and health details answer only there. A request belongs to it by the local port of its
/// connection, which a client cannot forge, never by its <c>Host</c> header.
/// </summary>
public sealed class OperationsListener
{
    public const string DefaultUrl = "http://127.0.0.1:5200";

    private OperationsListener(Uri? url) => Url = url;

    /// <summary>Null when no operator listener is configured.</summary>
    public Uri? Url { get; }

    public static OperationsListener FromConfiguration(IConfiguration configuration)
    {
        var configured = configuration["Operations:Url"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new OperationsListener(configuration.IsDashboardEnabled() ? new Uri(DefaultUrl) : null);
        }

        if (!Uri.TryCreate(configured, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Port <= 0)
        {
            throw new InvalidOperationException($"Operations:Url must be an http(s) URL with a fixed port, not '{configured}'.");
        }

        return new OperationsListener(url);
    }

    /// <summary>Whether this request arrived on the operator listener.</summary>
    public bool Serves(HttpContext context) => Url is { } url && context.Connection.LocalPort == url.Port;

    /// <summary>Refuses a configuration in which customers could reach the operator port.</summary>
    public void EnsureApartFrom(IEnumerable<string> customerUrls)
    {
        if (Url is { } url && customerUrls.Any(customer => PortOf(customer) == url.Port))
        {
            throw new InvalidOperationException($"Operations:Url ({url}) must use a port that no customer-facing URL uses.");
        }
    }

    private static int? PortOf(string url)
    {
        var colon = url.LastIndexOf(':');
        return colon >= 0 && int.TryParse(url.AsSpan(colon + 1).TrimEnd('/'), out var port) ? port : null;
    }
}

/// <summary>Marks endpoints that exist only on the operator listener (<see cref="OperationsListener"/>).</summary>
public sealed class OperationsOnlyMetadata
{
    public static readonly OperationsOnlyMetadata Instance = new();

    private OperationsOnlyMetadata()
    {
    }
}

public static class OperationsOnlyExtensions
{
    /// <summary>These endpoints answer only on the operator listener; anywhere else they do not exist (404).</summary>
    public static TBuilder RequireOperationsListener<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(OperationsOnlyMetadata.Instance);
}

/// <summary>Routing drops operator-only endpoints for requests that did not arrive on the operator listener.</summary>
internal sealed class OperationsOnlyMatcherPolicy(OperationsListener operations) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(endpoint => endpoint.Metadata.GetMetadata<OperationsOnlyMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        if (operations.Serves(httpContext))
        {
            return Task.CompletedTask;
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Endpoint.Metadata.GetMetadata<OperationsOnlyMetadata>() is not null)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
