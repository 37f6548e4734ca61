using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MarketMicro.WebApi.Infrastructure;

/// <summary>
/// The published description (<c>/openapi/v1.json</c>) as the shop really behaves: who may call each operation,
/// a stable operationId, exact request and response schemas, and every status a route answers.
/// </summary>
public static class OpenApiExtensions
{
    public const string BearerScheme = "bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Users"] = "Registration, sign-in with rotating refresh tokens, and the caller's profile.",
        ["Products"] = "The catalog: search with facets, single products, categories; writes need an admin.",
        ["Cart"] = "The caller's one cart, priced at the products' current prices.",
        ["Orders"] = "Placing orders from the cart, following them, cancelling, and (admin) moving them along.",
        ["Admin"] = "Catalog management, stock, all orders and the books (admin role).",
    };

    public static IServiceCollection AddMarketMicroOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer(OpenApiSchemas.TransformAsync);
            options.AddOperationTransformer(OpenApiOperations.TransformAsync);
            options.AddDocumentTransformer(DescribeDocumentAsync);
        });

    private static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Market-Micro API",
            Version = "v1",
            Description = "The HTTP API of the Market-Micro shop. Ids are opaque strings, money is a number with two decimals, "
                + "every error is application/problem+json (RFC 9457). Send `Authorization: Bearer <accessToken>` from "
                + "`POST /api/v1/users/login` to the operations that require the `bearer` scheme.",
        };

        // Relative, so the description stays right behind a gateway and on any port.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The shop serving this description" }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A short-lived access token from login or refresh (`sub` = user id, `role` = customer or admin).",
        };

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description ??= tag.Name is { } name ? TagDescriptions.GetValueOrDefault(name) : null;
        }

        OpenApiSchemas.RequireContractFields(document);
        OpenApiOperations.MakeOperationIdsUnique(document);
        return Task.CompletedTask;
    }
}
