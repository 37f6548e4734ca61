using System.Text.Json;
using System.Text.Json.Serialization;
using MarketMicro.Silo;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

namespace MarketMicro.WebApi.Infrastructure;

public static class HttpPipelineExtensions
{
    public const long DefaultMaxRequestBodyBytes = 64 * 1024;

    /// <summary>Where <c>dotnet run</c> listens when the environment names no address or port.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Listeners, JSON, problem+json for every error, body size limit, OpenAPI.</summary>
    /// <remarks>
    /// No data-annotation validation (<c>AddValidation</c>): request records have no attributes, their handlers and the
    /// domain check every field, and the framework's filter still ran on every call with a body (README, <em>Benchmark</em>).
    /// </remarks>
    public static WebApplicationBuilder AddMarketMicroHttp(this WebApplicationBuilder builder)
    {
        builder.AddMarketMicroListeners(DefaultUrl);
        var maxBody = builder.Configuration.GetValue("Http:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);
        var headLimits = RequestHeadLimits.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(headLimits);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxBody;
            headLimits.RaiseKestrelLimits(kestrel.Limits);
        });
        builder.Services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.Remove("exception");
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>(); // after the framework's writer: the fallback
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddMarketMicroOpenApi();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.NumberHandling = JsonNumberHandling.Strict;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.Converters.Add(new MoneyJsonConverter());
    }

    public static WebApplication UseMarketMicroHttp(this WebApplication app)
    {
        var maxBody = app.Configuration.GetValue("Http:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Refusals by domain rules and malformed requests are answers, not failures: no error log for them.
            SuppressDiagnosticsCallback = context => context.Exception is DomainException or BadHttpRequestException,
        });
        app.UseStatusCodePages();
        app.Use(app.Services.GetRequiredService<RequestHeadLimits>().Enforce);
        app.Use((context, next) =>
        {
            // Kestrel enforces the limit while reading; this answers early and also covers in-process test servers.
            if (context.Request.ContentLength > maxBody)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            return next(context);
        });
        return app;
    }

    /// <summary><c>/openapi/v1.json</c> and a browsable reference at <c>/docs</c>.</summary>
    public static WebApplication MapMarketMicroDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("Market-Micro API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
