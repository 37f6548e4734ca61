using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace MarketMicro.WebApi.Infrastructure;

/// <summary>The one place that turns failures into problem+json; no stack trace leaves the process.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, extensions) = Describe(exception);
        if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        if (exception is TooManyRequestsException throttled)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(throttled.RetryAfter.TotalSeconds)).ToString();
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (int Status, string Title, string? Detail, IReadOnlyDictionary<string, object?> Extensions) Describe(Exception exception) => exception switch
    {
        NotFoundException e => (404, "Not found", e.Message, NoExtensions),
        ConflictException e => (409, "Conflict", e.Message, e.Items.Count > 0 ? new Dictionary<string, object?> { ["items"] = e.Items } : NoExtensions),
        ValidationException e => (400, "One or more validation errors occurred.", e.Message,
            new Dictionary<string, object?> { ["errors"] = e.Errors }),
        TooManyRequestsException e => (429, "Too many requests", e.Message, NoExtensions),
        PreconditionFailedException e => (412, "Precondition failed", e.Message, new Dictionary<string, object?> { ["currentVersion"] = e.CurrentVersion }),
        PreconditionRequiredException e => (428, "Precondition required", e.Message, NoExtensions),
        UnauthorizedAccessException => (401, "Unauthorized", "A valid access token is required.", NoExtensions),
        MarketMicro.Users.AuthenticationFailedException e => (401, "Unauthorized", e.Message, NoExtensions),
        BadHttpRequestException e => (e.StatusCode, BadRequestTitle(e.StatusCode), DescribeBadRequest(e), NoExtensions),
        JsonException => (400, "Malformed JSON", "The request body is not valid JSON for this endpoint.", NoExtensions),
        TimeoutException => (503, "Service unavailable", "The backend did not answer in time; try again.", NoExtensions),
        // A silo that went away mid-call, or storage that failed: the request may be retried (with its Idempotency-Key).
        Orleans.Runtime.OrleansException or Orleans.Serialization.CodecNotFoundException or System.Data.Common.DbException =>
            (503, "Service unavailable", "The backend could not complete the request; try again.", NoExtensions),
        OperationCanceledException => (499, "Client closed request", null, NoExtensions),
        _ => (500, "Internal server error", "An unexpected error occurred.", NoExtensions),
    };

    private static readonly IReadOnlyDictionary<string, object?> NoExtensions = new Dictionary<string, object?>();

    private static string BadRequestTitle(int status) => status switch
    {
        413 => "Request body too large",
        415 => "Unsupported media type",
        _ => "Bad request",
    };

    // Framework messages can echo internal type names; keep the useful part (JSON position and path) only.
    private static string DescribeBadRequest(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json
            ? $"The request body is not valid JSON for this endpoint{(json.Path is { Length: > 0 } path ? $" (at {path})" : string.Empty)}."
            : exception.StatusCode == 413
                ? "The request body is larger than this endpoint accepts."
                : exception.Message;
}
