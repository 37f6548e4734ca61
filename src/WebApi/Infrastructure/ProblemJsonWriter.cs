using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace MarketMicro.WebApi.Infrastructure;

/// <summary>
/// Writes problem+json for requests the framework's writer declines (an <c>Accept</c> header without JSON, such as a
/// browser's <c>text/html</c>): otherwise such a client would get a plain-text status page or a bare 500. Registered
/// after the framework's writer, so it only takes what that one leaves.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        http.Response.ContentType = "application/problem+json";
        return new ValueTask(JsonSerializer.SerializeAsync(http.Response.Body, problem, JsonSerializerOptions.Web, http.RequestAborted));
    }
}
