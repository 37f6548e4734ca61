using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MarketMicro.WebApi.Infrastructure;

/// <summary>
/// Limits on the request line and headers that the application enforces itself, so that a client over them gets a
/// problem+json 414 or 431. Kestrel refuses what is over its own limits before any middleware runs, with a bare
/// status and no body, and that answer cannot be changed; so Kestrel's limits are raised to <see cref="KestrelHeadroom"/>
/// times these, and only a request beyond that (which NGINX, with smaller buffers, refuses first) meets Kestrel's.
/// </summary>
public sealed record RequestHeadLimits(int MaxRequestLineBytes, int MaxRequestHeadersBytes, int MaxRequestHeaderCount)
{
    /// <summary>How many times the application's limits Kestrel's own are.</summary>
    public const int KestrelHeadroom = 4;

    /// <summary>Kestrel's defaults (8 KiB request line, 32 KiB of headers, 100 headers), now answered by the application.</summary>
    public static RequestHeadLimits FromConfiguration(IConfiguration configuration) => new(
        configuration.GetValue("Http:MaxRequestLineBytes", 8 * 1024),
        configuration.GetValue("Http:MaxRequestHeadersBytes", 32 * 1024),
        configuration.GetValue("Http:MaxRequestHeaderCount", 100));

    public void RaiseKestrelLimits(KestrelServerLimits kestrel)
    {
        kestrel.MaxRequestLineSize = MaxRequestLineBytes * KestrelHeadroom;
        kestrel.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes * KestrelHeadroom;
        kestrel.MaxRequestHeaderCount = MaxRequestHeaderCount * KestrelHeadroom;
    }

    /// <summary>The status a request's head deserves (414 or 431), or null when it is within the limits.</summary>
    public int? Refusal(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{request.PathBase}{request.Path}{request.QueryString}";
        if (request.Method.Length + target.Length + request.Protocol.Length + "  \r\n".Length > MaxRequestLineBytes)
        {
            return StatusCodes.Status414UriTooLong;
        }

        var count = 0;
        var bytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + ": \r\n".Length + (value?.Length ?? 0);
            }
        }

        return count > MaxRequestHeaderCount || bytes > MaxRequestHeadersBytes ? StatusCodes.Status431RequestHeaderFieldsTooLarge : null;
    }

    /// <summary>Answers requests over the limits with problem+json before anything else looks at them.</summary>
    public Task Enforce(HttpContext context, RequestDelegate next)
    {
        if (Refusal(context) is not { } status)
        {
            return next(context);
        }

        context.Response.StatusCode = status;
        context.Response.Headers.Connection = "close";
        var (title, detail) = status == StatusCodes.Status414UriTooLong
            ? ("URI too long", $"The request line may have at most {MaxRequestLineBytes} bytes.")
            : ("Request header fields too large", $"The request headers may have at most {MaxRequestHeadersBytes} bytes in at most {MaxRequestHeaderCount} fields.");
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
