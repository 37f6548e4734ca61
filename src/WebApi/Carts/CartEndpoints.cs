using MarketMicro.Carts;
using MarketMicro.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketMicro.WebApi.Carts;

/// <summary><c>productId</c> is an opaque id: one that names no product answers 404, like <c>GET /products/{id}</c>.</summary>
public sealed record AddToCartRequest(string? ProductId, int? Quantity);

public sealed record SetQuantityRequest(int? Quantity);

/// <summary>The caller's one cart: <c>/api/v1/cart</c>.</summary>
public static class CartEndpoints
{
    public static IEndpointRouteBuilder MapCartEndpoints(this IEndpointRouteBuilder routes)
    {
        var cart = routes.MapGroup("/api/v1/cart")
            .WithTags("Cart")
            .RequireAuthorization(AuthPolicies.Customer)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        cart.MapGet("/", (HttpContext http, IGrainFactory grains) => Get(http, grains))
            .WithSummary("The caller's cart with current prices");
        cart.MapPost("/add", Add)
            .WithSummary("Adds a quantity of a product to the cart")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        cart.MapPut("/update/{productId:guid}", Update)
            .WithSummary("Sets a line's quantity (0 removes it)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        cart.MapDelete("/remove/{productId:guid}", Remove)
            .WithSummary("Removes a product from the cart")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cart.MapDelete("/", Clear).WithSummary("Empties the cart");
        return routes;
    }

    private static async Task<JsonOk<CartView>> Get(HttpContext http, IGrainFactory grains) =>
        JsonAnswers.Ok(await CartOf(http, grains).Get());

    private static async Task<Results<JsonOk<CartView>, ValidationProblem>> Add(AddToCartRequest request, HttpContext http, IGrainFactory grains)
    {
        if (request is not { ProductId: { Length: > 0 } productId, Quantity: { } quantity })
        {
            return TypedResults.ValidationProblem(Required(("productId", string.IsNullOrEmpty(request.ProductId)), ("quantity", request.Quantity is null)));
        }

        var product = Guid.TryParse(productId, out var id) && id != Guid.Empty
            ? id
            : throw new NotFoundException("No product has this id.");
        return JsonAnswers.Ok(await CartOf(http, grains).Add(product, quantity));
    }

    private static async Task<Results<JsonOk<CartView>, ValidationProblem>> Update(Guid productId, SetQuantityRequest request, HttpContext http, IGrainFactory grains)
    {
        if (request.Quantity is not { } quantity)
        {
            return TypedResults.ValidationProblem(Required(("quantity", true)));
        }

        return JsonAnswers.Ok(await CartOf(http, grains).SetQuantity(productId, quantity));
    }

    /// <summary>The request's shape only: the cart aggregate checks quantities and limits.</summary>
    private static Dictionary<string, string[]> Required(params (string Field, bool Missing)[] fields) =>
        fields.Where(f => f.Missing).ToDictionary(f => f.Field, f => new[] { $"{f.Field} is required." });

    private static async Task<JsonOk<CartView>> Remove(Guid productId, HttpContext http, IGrainFactory grains) =>
        JsonAnswers.Ok(await CartOf(http, grains).Remove(productId));

    private static async Task<NoContent> Clear(HttpContext http, IGrainFactory grains)
    {
        await CartOf(http, grains).Clear();
        return TypedResults.NoContent();
    }

    private static ICartGrain CartOf(HttpContext http, IGrainFactory grains) => grains.Reference<ICartGrain>(http.User.GetUserId());
}
