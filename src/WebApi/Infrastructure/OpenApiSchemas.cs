using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MarketMicro.Carts;
using MarketMicro.Orders;
using MarketMicro.Search;
using MarketMicro.WebApi.Carts;
using MarketMicro.WebApi.Orders;
using MarketMicro.WebApi.Products;
using MarketMicro.WebApi.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MarketMicro.WebApi.Infrastructure;

/// <summary>Schemas as the wire carries them: opaque string ids, numeric money, exactly the required fields.</summary>
internal static class OpenApiSchemas
{
    /// <summary>
    /// What each request body must carry (the handlers check it and answer 400). Request records keep every field
    /// nullable so a missing field becomes a validation error, not a binding failure; the contract is here.
    /// </summary>
    private static readonly Dictionary<Type, string[]> RequiredRequestFields = new()
    {
        [typeof(RegisterRequest)] = ["email", "password", "name"],
        [typeof(LoginRequest)] = ["email", "password"],
        [typeof(RefreshRequest)] = ["refreshToken"],
        [typeof(ProfileUpdateRequest)] = [],
        [typeof(ProductRequest)] = ["name", "price", "category", "stock"],
        [typeof(AddToCartRequest)] = ["productId", "quantity"],
        [typeof(SetQuantityRequest)] = ["quantity"],
        [typeof(PlaceOrderRequest)] = [],
        [typeof(ChangeStatusRequest)] = ["status"],
    };

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var valueType = Nullable.GetUnderlyingType(type) ?? type;
        var nullable = valueType != type;
        if (valueType == typeof(Guid))
        {
            schema.Format = null; // the contract's ids are opaque strings; a GUID is only what today's ids look like
        }
        else if (valueType == typeof(decimal))
        {
            // Money has its own converter, which hides the number type from the schema generator.
            schema.Type = nullable ? JsonSchemaType.Number | JsonSchemaType.Null : JsonSchemaType.Number;
            schema.Format = "double";
        }
        else if (valueType.IsEnum)
        {
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }
        else if (type == typeof(InventoryRequest))
        {
            DescribeInventoryChange(schema);
        }
        else if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && context.JsonPropertyInfo is null && schema.Properties is { Count: > 0 })
        {
            SetRequired(schema, context.JsonTypeInfo);
        }

        DescribeConstraints(schema, context);
        return Task.CompletedTask;
    }

    /// <summary>Every field always written with a value is required (nullable ones are optional).</summary>
    private static void SetRequired(OpenApiSchema schema, JsonTypeInfo typeInfo) =>
        schema.Required = new HashSet<string>(typeInfo.Properties.Where(p => p.Get is not null && !p.IsGetNullable).Select(p => p.Name));

    /// <summary>
    /// On the finished components (property schemas can be shared, so each changed one is copied): request bodies
    /// require exactly the fields their handler insists on, never null; every problem the shop writes has status and title.
    /// </summary>
    public static void RequireContractFields(OpenApiDocument document)
    {
        var components = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var rules = RequiredRequestFields.Select(rule => (rule.Key.Name, rule.Value))
            .Append(("ProblemDetails", ["status", "title"]))
            .Append(("HttpValidationProblemDetails", ["status", "title"]));
        foreach (var (name, required) in rules)
        {
            if (components.TryGetValue(name, out var found) && found is OpenApiSchema { Properties: { } properties } schema)
            {
                schema.Required = new HashSet<string>(required);
                foreach (var field in required.Where(properties.ContainsKey))
                {
                    properties[field] = WithoutNull(properties[field]);
                }
            }
        }
    }

    /// <summary>The same schema that does not allow null (a copy; the original may be shared).</summary>
    public static IOpenApiSchema WithoutNull(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema { Type: { } type } concrete || (type & JsonSchemaType.Null) == 0)
        {
            return schema;
        }

        var copy = (OpenApiSchema)concrete.CreateShallowCopy();
        copy.Type = type & ~JsonSchemaType.Null;
        return copy;
    }

    /// <summary>Limits the handlers and grains enforce, so a generated client can check them first.</summary>
    private static void DescribeConstraints(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var owner = context.JsonPropertyInfo?.DeclaringType;
        switch ((owner?.Name, context.JsonPropertyInfo?.Name))
        {
            case (nameof(ProductRequest), "name"):
                schema.MinLength = 1;
                schema.MaxLength = 200;
                break;
            case (nameof(ProductRequest), "price"):
                schema.ExclusiveMinimum = "0";
                schema.Maximum = "1000000";
                break;
            case (nameof(ProductRequest), "stock"):
                schema.Minimum = "0";
                break;
            case (nameof(AddToCartRequest), "quantity"):
                schema.Minimum = "1";
                schema.Maximum = CartLimits.MaxQuantity.ToString();
                break;
            case (nameof(SetQuantityRequest), "quantity"):
                schema.Minimum = "0";
                schema.Maximum = CartLimits.MaxQuantity.ToString();
                break;
            case (nameof(RegisterRequest), "password"):
                schema.MinLength = UserInput.MinPassword;
                schema.MaxLength = UserInput.MaxPassword;
                break;
            case (nameof(RegisterRequest), "email"):
                schema.Format = "email";
                schema.MaxLength = UserInput.MaxEmail;
                break;
            case (nameof(ChangeStatusRequest), "status"):
                schema.Enum = Strings(OrderStatuses.VisibleNames.Split(", "));
                break;
        }

        switch (context.ParameterDescription?.Name)
        {
            case "sort":
                schema.Enum = Strings(ProductSorting.Names.Split(", "));
                break;
            case "status":
                schema.Enum = Strings(OrderStatuses.VisibleNames.Split(", "));
                break;
            case "page":
                schema.Minimum = "1";
                schema.Maximum = PagingLimits.MaxResultWindow.ToString(CultureInfo.InvariantCulture);
                schema.Description = $"1-based; page × pageSize may reach at most the first {PagingLimits.MaxResultWindow} results (400 beyond).";
                break;
            case "pageSize":
                schema.Minimum = "1";
                schema.Maximum = PagingLimits.MaxPageSize.ToString(CultureInfo.InvariantCulture);
                break;
        }
    }

    private static List<JsonNode> Strings(params string[] values) => values.Select(value => (JsonNode)JsonValue.Create(value)).ToList();

    /// <summary><c>{stock}</c> sets the units on hand, <c>{delta}</c> moves them; exactly one of the two.</summary>
    private static void DescribeInventoryChange(OpenApiSchema schema)
    {
        schema.Type = null;
        schema.Properties = null;
        schema.Required = null;
        schema.Description = "Exactly one of `stock` (set the units on hand) or `delta` (add or remove units); never below reserved units or zero.";
        schema.OneOf =
        [
            InventoryChoice("SetStock", "stock", "The new number of units on hand.", minimum: "0"),
            InventoryChoice("MoveStock", "delta", "Units to add (positive) or remove (negative).", minimum: null),
        ];
    }

    private static OpenApiSchema InventoryChoice(string title, string property, string description, string? minimum) => new()
    {
        Title = title,
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { property },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            [property] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = minimum, Description = description },
        },
    };
}
