using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketMicro.Silo.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>/health/live</c>: the process is up. <c>/health/ready</c>: storage reachable and cluster joined, else 503.
    /// Anyone gets the status and each check's name and status; the descriptions (database host and name, SQLite path,
    /// silo address) go only to the operator listener.
    /// </summary>
    public static IEndpointRouteBuilder MapMarketMicroHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        return endpoints;
    }

    private static readonly JsonSerializerOptions AnswerJson = new(JsonSerializerOptions.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record HealthAnswer(string Status, IReadOnlyList<CheckAnswer> Checks);

    private sealed record CheckAnswer(string Name, string Status, string? Description);

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var forOperators = context.RequestServices.GetService<OperationsListener>()?.Serves(context) == true;
        var body = new HealthAnswer(
            report.Status.ToString(),
            [.. report.Entries.Select(entry => new CheckAnswer(entry.Key, entry.Value.Status.ToString(), forOperators ? entry.Value.Description : null))]);
        return JsonSerializer.SerializeAsync(context.Response.Body, body, AnswerJson, context.RequestAborted);
    }
}
