using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketMicro.WebApi.Products;

public sealed record ProductRequest(string? Name, string? Description, decimal? Price, string? Category, int? Stock, string? ImageUrl);

/// <summary><c>stock</c> sets the units on hand, <c>delta</c> moves them; exactly one is given.</summary>
public sealed record InventoryRequest(int? Stock, int? Delta);

/// <summary><c>stock</c> is what can be bought now: units on hand minus those held by orders being placed.</summary>
public sealed record ProductResponse(
    Guid Id, string Name, string Description, decimal Price, string Currency, string Category, int Stock, bool InStock,
    string? ImageUrl, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static ProductResponse From(ProductSnapshot p) => new(
        p.Id, p.Name, p.Description, p.Price, p.Currency, p.Category, p.Available, p.InStock, p.ImageUrl,
        DateTime.SpecifyKind(p.CreatedAt, DateTimeKind.Utc), DateTime.SpecifyKind(p.UpdatedAt, DateTimeKind.Utc));
}

public sealed record ProductPage(IReadOnlyList<ProductResponse> Items, int Page, int PageSize, int Total, ProductFacets Facets);

public sealed record CategoryResponse(string Name, int ProductCount);

/// <summary>The catalog: public browsing and search, admin writes under <c>/products</c> and <c>/admin/products</c>.</summary>
public static class ProductsEndpoints
{
    public static IEndpointRouteBuilder MapProductsEndpoints(this IEndpointRouteBuilder routes)
    {
        var products = routes.MapGroup("/api/v1/products").WithTags("Products");
        products.MapGet("/", Search).WithSummary("Searches and lists products, with facets").ProducesValidationProblem();
        products.MapGet("/{id:guid}", Get).WithSummary("One product").WithETag().ProducesProblem(StatusCodes.Status404NotFound);
        MapWrites(products.MapGroup("/"));

        routes.MapGet("/api/v1/categories", Categories).WithTags("Products").WithSummary("Every category with its product count");

        var admin = routes.MapGroup("/api/v1/admin/products").WithTags("Admin");
        admin.MapGet("/", Search).WithSummary("All products, including out of stock (same filters)")
            .RequireAuthorization(AuthPolicies.Admin).ProducesValidationProblem();
        MapWrites(admin.MapGroup("/"));
        admin.MapPut("/{id:guid}/inventory", ChangeInventory)
            .WithSummary("Sets the units on hand ({stock}, a shelf count) or moves them ({delta}); never below reserved units or zero")
            .WithETag(honoursIfMatch: true)
            .RequireAuthorization(AuthPolicies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static void MapWrites(RouteGroupBuilder group)
    {
        group.RequireAuthorization(AuthPolicies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithSummary("Creates a product (admin); stock is the units on hand").WithETag().ProducesValidationProblem();
        group.MapPut("/{id:guid}", Update)
            .WithSummary("Replaces a product's details (admin)")
            .WithDescription("`stock` is what can be bought, as every answer shows it. A different stock needs If-Match (428 without it), so a form read before a sale never brings sold units back.")
            .WithETag(honoursIfMatch: true, requiresIfMatchForStock: true)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", Delete).WithSummary("Deletes a product (admin)").WithETag(honoursIfMatch: true).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<JsonOk<ProductPage>, ValidationProblem>> Search(
        string? q, string? category, decimal? minPrice, decimal? maxPrice, bool? inStock, string? sort, int? page, int? pageSize, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        if (q is { Length: > PagingLimits.MaxQueryLength })
        {
            errors["q"] = [$"q may have at most {PagingLimits.MaxQueryLength} characters."];
        }

        if (category is { Length: > ProductLimits.MaxCategory })
        {
            errors["category"] = [$"category may have at most {ProductLimits.MaxCategory} characters."];
        }

        if (minPrice < 0 || maxPrice < 0)
        {
            errors["minPrice"] = ["Prices cannot be negative."];
        }
        else if (minPrice > maxPrice)
        {
            errors["minPrice"] = ["minPrice must not be above maxPrice."];
        }

        if (!ProductSorting.TryParse(sort, q, out var order))
        {
            errors["sort"] = [$"sort must be one of {ProductSorting.Names}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await grains.Reference<IProductSearchGrain>(0)
            .Search(new ProductQuery(q, category, minPrice, maxPrice, inStock, order, paging.Skip, paging.PageSize));
        return JsonAnswers.Ok(new ProductPage(result.Items.Select(ProductResponse.From).ToList(), paging.Page, paging.PageSize, result.Total, result.Facets));
    }

    private static async Task<JsonOk<ProductResponse>> Get(Guid id, IGrainFactory grains, HttpResponse response) =>
        Answer(response, await grains.Reference<IProductGrain>(id).Get() ?? throw new NotFoundException($"Product {id} does not exist."));

    private static async Task<JsonOk<IReadOnlyList<CategoryResponse>>> Categories(IGrainFactory grains) =>
        JsonAnswers.Ok<IReadOnlyList<CategoryResponse>>((await grains.Reference<IProductSearchGrain>(0).Categories())
            .Select(c => new CategoryResponse(c.Value, c.Count)).ToList());

    private static async Task<Results<JsonCreated<ProductResponse>, ValidationProblem>> Create(ProductRequest request, IGrainFactory grains, HttpResponse response)
    {
        if (Details(request, out var errors) is not { } details)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var id = Guid.NewGuid();
        var created = await grains.Reference<IProductGrain>(id).Create(details, request.Stock!.Value);
        ETags.Set(response, created.Version);
        return JsonAnswers.Created($"/api/v1/products/{id}", ProductResponse.From(created));
    }

    private static async Task<Results<JsonOk<ProductResponse>, ValidationProblem>> Update(Guid id, ProductRequest request, IGrainFactory grains, HttpContext http)
    {
        if (Details(request, out var errors) is not { } details)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var updated = await grains.Reference<IProductGrain>(id).Update(details, request.Stock!.Value, ETags.IfMatch(http.Request));
        return Answer(http.Response, updated);
    }

    private static async Task<NoContent> Delete(Guid id, IGrainFactory grains, HttpRequest request)
    {
        await grains.Reference<IProductGrain>(id).Delete(ETags.IfMatch(request));
        return TypedResults.NoContent();
    }

    private static async Task<JsonOk<ProductResponse>> ChangeInventory(Guid id, InventoryRequest request, IGrainFactory grains, HttpContext http) =>
        Answer(http.Response, await grains.Reference<IProductGrain>(id).ChangeInventory(new InventoryChange(request.Stock, request.Delta), ETags.IfMatch(http.Request)));


    /// <summary>The details, or null with the missing fields (the product aggregate checks every rule on the values).</summary>
    private static ProductDetails? Details(ProductRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        foreach (var (field, missing) in new[]
        {
            ("name", request.Name is null), ("price", request.Price is null), ("category", request.Category is null), ("stock", request.Stock is null),
        })
        {
            if (missing)
            {
                errors[field] = [$"{field} is required."];
            }
        }

        return errors.Count > 0
            ? null
            : new ProductDetails(request.Name!, request.Description ?? string.Empty, request.Price!.Value, request.Category!, request.ImageUrl);
    }

    private static JsonOk<ProductResponse> Answer(HttpResponse response, ProductSnapshot product) => ETags.Ok(response, product.Version, ProductResponse.From(product));
}
