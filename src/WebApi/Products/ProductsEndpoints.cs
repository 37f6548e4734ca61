using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketMicro.WebApi.Products;

public sealed record ProductRequest(string? Name, string? Description, decimal? Price, string? Category, int? Stock, string? ImageUrl);

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
        products.MapGet("/{id:guid}", Get).WithSummary("One product").ProducesProblem(StatusCodes.Status404NotFound);
        MapWrites(products.MapGroup("/"));

        routes.MapGet("/api/v1/categories", Categories).WithTags("Products").WithSummary("Every category with its product count");

        var admin = routes.MapGroup("/api/v1/admin/products").WithTags("Admin");
        admin.MapGet("/", Search).WithSummary("All products, including out of stock (same filters)")
            .RequireAuthorization(AuthPolicies.Admin).ProducesValidationProblem();
        MapWrites(admin.MapGroup("/"));
        admin.MapPut("/{id:guid}/inventory", ChangeInventory)
            .WithSummary("Sets the stock ({stock}) or moves it ({delta}); never below reserved units or zero")
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
        group.MapPost("/", Create).WithSummary("Creates a product (admin)").ProducesValidationProblem();
        group.MapPut("/{id:guid}", Update).WithSummary("Replaces a product's details (admin)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", Delete).WithSummary("Deletes a product (admin)").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<ProductPage>, ValidationProblem>> Search(
        string? q, string? category, decimal? minPrice, decimal? maxPrice, bool? inStock, string? sort, int? page, int? pageSize, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        if (q is { Length: > 200 })
        {
            errors["q"] = ["q may have at most 200 characters."];
        }

        if (category is { Length: > 100 })
        {
            errors["category"] = ["category may have at most 100 characters."];
        }

        if (minPrice < 0 || maxPrice < 0)
        {
            errors["minPrice"] = ["Prices cannot be negative."];
        }
        else if (minPrice > maxPrice)
        {
            errors["minPrice"] = ["minPrice must not be above maxPrice."];
        }

        var order = ParseSort(sort, hasText: !string.IsNullOrWhiteSpace(q), errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await grains.GetGrain<IProductSearchGrain>(0)
            .Search(new ProductQuery(q, category, minPrice, maxPrice, inStock, order, paging.Skip, paging.PageSize));
        return TypedResults.Ok(new ProductPage(result.Items.Select(ProductResponse.From).ToList(), paging.Page, paging.PageSize, result.Total, result.Facets));
    }

    private static async Task<Ok<ProductResponse>> Get(Guid id, IGrainFactory grains) =>
        TypedResults.Ok(ProductResponse.From(await grains.GetGrain<IProductGrain>(id).Get()
            ?? throw new NotFoundException($"Product {id} does not exist.")));

    private static async Task<Ok<IReadOnlyList<CategoryResponse>>> Categories(IGrainFactory grains) =>
        TypedResults.Ok<IReadOnlyList<CategoryResponse>>((await grains.GetGrain<IProductSearchGrain>(0).Categories())
            .Select(c => new CategoryResponse(c.Value, c.Count)).ToList());

    private static async Task<Results<Created<ProductResponse>, ValidationProblem>> Create(ProductRequest request, IGrainFactory grains)
    {
        if (Draft(request, out var errors) is not { } draft)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var id = Guid.NewGuid();
        var created = await grains.GetGrain<IProductGrain>(id).Create(draft);
        return TypedResults.Created($"/api/v1/products/{id}", ProductResponse.From(created));
    }

    private static async Task<Results<Ok<ProductResponse>, ValidationProblem>> Update(Guid id, ProductRequest request, IGrainFactory grains)
    {
        if (Draft(request, out var errors) is not { } draft)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(ProductResponse.From(await grains.GetGrain<IProductGrain>(id).Update(draft)));
    }

    private static async Task<NoContent> Delete(Guid id, IGrainFactory grains)
    {
        await grains.GetGrain<IProductGrain>(id).Delete();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ProductResponse>, ValidationProblem>> ChangeInventory(Guid id, InventoryRequest request, IGrainFactory grains)
    {
        if (request.Stock is null == request.Delta is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["stock"] = ["Give exactly one of stock or delta."] });
        }

        if (request.Stock < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["stock"] = ["stock must be 0 or more."] });
        }

        var product = await grains.GetGrain<IProductGrain>(id).ChangeInventory(new InventoryChange(request.Stock, request.Delta));
        return TypedResults.Ok(ProductResponse.From(product));
    }

    /// <summary>The draft, or null with the missing fields (the grain checks everything else).</summary>
    private static ProductDraft? Draft(ProductRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (request.Name is null)
        {
            errors["name"] = ["name is required."];
        }

        if (request.Price is null)
        {
            errors["price"] = ["price is required."];
        }

        if (request.Category is null)
        {
            errors["category"] = ["category is required."];
        }

        if (request.Stock is null)
        {
            errors["stock"] = ["stock is required."];
        }

        return errors.Count > 0
            ? null
            : new ProductDraft(request.Name!, request.Description ?? string.Empty, request.Price!.Value, request.Category!, request.Stock!.Value, request.ImageUrl);
    }

    private static ProductSort ParseSort(string? sort, bool hasText, Dictionary<string, string[]> errors) => sort?.ToLowerInvariant() switch
    {
        null or "" => hasText ? ProductSort.Relevance : ProductSort.Newest,
        "relevance" => ProductSort.Relevance,
        "price_asc" => ProductSort.PriceAsc,
        "price_desc" => ProductSort.PriceDesc,
        "newest" => ProductSort.Newest,
        "name" => ProductSort.Name,
        _ => Invalid(errors),
    };

    private static ProductSort Invalid(Dictionary<string, string[]> errors)
    {
        errors["sort"] = ["sort must be one of relevance, price_asc, price_desc, newest, name."];
        return ProductSort.Newest;
    }
}
