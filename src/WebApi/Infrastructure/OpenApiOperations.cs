using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MarketMicro.WebApi.Infrastructure;

/// <summary>Per-operation facts the framework cannot see: security, operationId, the statuses the pipeline adds.</summary>
internal static class OpenApiOperations
{
    private const string ApiPrefix = "api/v1/";
    private const string ProblemJson = "application/problem+json";

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        operation.OperationId ??= DeriveOperationId(description, metadata);

        var access = AccessOf(metadata);
        // An anonymous operation says so with an empty list, so no global default can be mistaken for it.
        operation.Security = access == Access.Anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiExtensions.BearerScheme, context.Document)] = [] }];

        var responses = operation.Responses ??= new OpenApiResponses();
        if (access != Access.Anonymous)
        {
            AddProblem(responses, context, 401, "Missing, invalid or expired access token");
        }

        if (access == Access.Admin)
        {
            AddProblem(responses, context, 403, "The caller is not an admin");
        }

        var hasBody = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body);
        if (hasBody)
        {
            PublishOptionalBodyAsItsObject(operation);
            AddProblem(responses, context, 400, "Malformed JSON, wrong types or invalid values", validation: true);
            AddProblem(responses, context, 413, "The request body is larger than the shop accepts");
            AddProblem(responses, context, 415, "The request body is not application/json");
        }
        else
        {
            operation.RequestBody = null;
        }

        if (description.ParameterDescriptions.Any(IsParsedParameter))
        {
            AddProblem(responses, context, 400, "A parameter has the wrong type or an invalid value", validation: true);
        }

        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            // An absent parameter is simply not sent; null is no value a query string can carry.
            parameter.Schema = parameter.Schema is null ? null : OpenApiSchemas.WithoutNull(parameter.Schema);
        }

        if (metadata.OfType<ETags.ETagMetadata>().FirstOrDefault() is { } versions)
        {
            DescribeVersions(operation, responses, context, versions);
        }

        DescribeHeaders(responses);
        responses["default"] = ProblemResponse(context, "Unexpected failure (5xx), always problem+json", validation: false);
        return Task.CompletedTask;
    }

    /// <summary>Suffixes repeated operationIds (-2, -3 ...) in path order, so every id stays unique and stable.</summary>
    public static void MakeOperationIdsUnique(OpenApiDocument document)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var operations = (document.Paths ?? []).SelectMany(path => path.Value.Operations ?? []).Select(entry => entry.Value);
        foreach (var operation in operations)
        {
            var id = operation.OperationId ?? "operation";
            for (var n = 2; !seen.Add(id); n++)
            {
                id = $"{operation.OperationId}{n}";
            }

            operation.OperationId = id;
        }
    }

    private enum Access
    {
        Anonymous,
        SignedIn,
        Admin,
    }

    private static Access AccessOf(IList<object> metadata)
    {
        var rules = metadata.OfType<IAuthorizeData>().ToList();
        if (rules.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return Access.Anonymous;
        }

        var admin = rules.Any(rule => rule.Policy == AuthPolicies.Admin
            || (rule.Roles ?? string.Empty).Split(',', StringSplitOptions.TrimEntries).Contains(Roles.Admin));
        return admin ? Access.Admin : Access.SignedIn;
    }

    /// <summary>
    /// camelCase resource (the path's first segment after <c>/api/v1</c>, two under <c>/admin</c>) + the handler's
    /// name without the resource words, or the HTTP verb for anonymous handlers: <c>productsSearch</c>, <c>cartAdd</c>.
    /// </summary>
    private static string DeriveOperationId(ApiDescription description, IList<object> metadata)
    {
        var path = description.RelativePath ?? string.Empty;
        var literals = (path.StartsWith(ApiPrefix, StringComparison.OrdinalIgnoreCase) ? path[ApiPrefix.Length..] : path)
            .Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(segment => !segment.StartsWith('{'))
            .ToList();
        var resourceWords = literals.Take(literals.FirstOrDefault() == "admin" ? 2 : 1).Select(Pascal).ToList();

        var handler = metadata.OfType<MethodInfo>().LastOrDefault()?.Name ?? string.Empty;
        var action = handler.Contains('<') ? string.Empty : resourceWords.Aggregate(handler, (name, word) => name.Replace(word, string.Empty));
        if (action.Length == 0)
        {
            action = Pascal(description.HttpMethod?.ToLowerInvariant() ?? "call");
        }

        var id = new StringBuilder(string.Concat(resourceWords)).Append(action);
        id[0] = char.ToLowerInvariant(id[0]);
        return id.ToString();
    }

    private static string Pascal(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>A parameter the framework parses (numbers, dates, flags): a value it cannot parse is a 400.</summary>
    private static bool IsParsedParameter(ApiParameterDescription parameter) =>
        parameter.Source != BindingSource.Body
        && parameter.Source != BindingSource.Path // a path value that does not fit the route is a 404 instead
        && parameter.Type is { } type
        && (Nullable.GetUnderlyingType(type) ?? type) != typeof(string);

    /// <summary>An optional body is the object or nothing: publish the object, marked not required.</summary>
    private static void PublishOptionalBodyAsItsObject(OpenApiOperation operation)
    {
        foreach (var media in operation.RequestBody?.Content?.Values ?? [])
        {
            if (media.Schema is OpenApiSchema { OneOf: { Count: 2 } choices } && choices.Count(IsNullOnly) == 1)
            {
                media.Schema = choices.Single(choice => !IsNullOnly(choice));
            }
        }

        static bool IsNullOnly(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
    }

    private static void AddProblem(OpenApiResponses responses, OpenApiOperationTransformerContext context, int status, string description, bool validation = false)
    {
        var key = status.ToString();
        if (!responses.ContainsKey(key))
        {
            responses[key] = ProblemResponse(context, description, validation);
        }
    }

    private static OpenApiResponse ProblemResponse(OpenApiOperationTransformerContext context, string description, bool validation) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemJson] = new() { Schema = new OpenApiSchemaReference(validation ? "HttpValidationProblemDetails" : "ProblemDetails", context.Document) },
        },
    };

    /// <summary>The ETag on every answer with a body; If-Match, 412 and (for stock) 428 where the change honours it.</summary>
    private static void DescribeVersions(OpenApiOperation operation, OpenApiResponses responses, OpenApiOperationTransformerContext context, ETags.ETagMetadata versions)
    {
        foreach (var (_, response) in responses.Where(r => r.Key is "200" or "201"))
        {
            if (response is OpenApiResponse concrete)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The resource's version, for If-Match on a later change",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }

        if (!versions.HonoursIfMatch)
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = false,
            Description = "The ETag the change is based on (or *): a stale version answers 412 and changes nothing.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        AddProblem(responses, context, 412, "The resource changed since the If-Match version was read; nothing was changed");
        if (versions.RequiresIfMatchForStock)
        {
            AddProblem(responses, context, 428, "A different stock was sent without If-Match; nothing was changed");
        }
    }

    /// <summary>Location on 201, Retry-After on 429; and every 4xx answered as problem+json.</summary>
    private static void DescribeHeaders(OpenApiResponses responses)
    {
        foreach (var (status, response) in responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            var header = status switch
            {
                "201" => ("Location", "Where the created resource can be read", JsonSchemaType.String),
                "429" => ("Retry-After", "Seconds to wait before trying again", JsonSchemaType.Integer),
                _ => default((string, string, JsonSchemaType)?),
            };
            if (header is var (name, text, type))
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers[name] = new OpenApiHeader { Description = text, Schema = new OpenApiSchema { Type = type } };
            }

            if (status.StartsWith('4') && concrete.Content is { } content && content.Remove("application/json", out var json))
            {
                content[ProblemJson] = json;
            }
        }
    }
}
