using System.Security.Claims;
using MarketMicro.Carts;
using MarketMicro.Orders;
using MarketMicro.Users;
using MarketMicro.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MarketMicro.WebApi.Orders;

public sealed record PlaceOrderRequest(string? ShippingAddress);

public sealed record ChangeStatusRequest(string? Status);

/// <summary>Placing, following and moving orders: <c>/api/v1/orders</c>.</summary>
public static class OrdersEndpoints
{
    public const int MaxIdempotencyKeyLength = 200;

    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder routes)
    {
        var orders = routes.MapGroup("/api/v1/orders")
            .WithTags("Orders")
            .RequireAuthorization(AuthPolicies.Customer)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        orders.MapPost("/", Place)
            .WithETag()
            .WithSummary("Places an order from the caller's cart (optional Idempotency-Key header)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapGet("/", List).WithSummary("The caller's orders, newest first").ProducesValidationProblem();
        orders.MapGet("/{id:guid}", Get).WithSummary("One order (owner or admin)").WithETag().ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{id:guid}/cancel", Cancel)
            .WithETag(honoursIfMatch: true)
            .WithSummary("Cancels the caller's placed or confirmed order and returns its stock")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPut("/{id:guid}/status", ChangeStatus)
            .WithETag(honoursIfMatch: true)
            .WithSummary("Moves an order along its lifecycle (admin)")
            .RequireAuthorization(AuthPolicies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Results<JsonCreated<OrderResponse>, JsonOk<OrderResponse>, ValidationProblem>> Place(
        PlaceOrderRequest? request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext http,
        IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl)))
        {
            errors["Idempotency-Key"] = [$"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable characters."];
        }

        var address = request?.ShippingAddress?.Trim();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = http.User;
        var (order, created) = await grains.Reference<ICartGrain>(user.GetUserId())
            .Checkout(idempotencyKey, string.IsNullOrEmpty(address) ? null : address, user.FindFirstValue("email"));
        var response = OrderResponse.From(order);
        ETags.Set(http.Response, order.Version);
        return created ? JsonAnswers.Created($"/api/v1/orders/{order.Id}", response) : JsonAnswers.Ok(response);
    }

    private static async Task<Results<JsonOk<PageResponse<OrderResponse>>, ValidationProblem>> List(
        int? page, int? pageSize, HttpContext http, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var ids = await grains.Reference<IUserGrain>(http.User.GetUserId()).ListOrders(paging.Skip, paging.PageSize);
        var orders = await Task.WhenAll(ids.OrderIds.Select(id => grains.Reference<IOrderGrain>(id).Get()));
        var items = orders.OfType<OrderSnapshot>().Select(OrderResponse.From).ToList();
        return JsonAnswers.Ok(new PageResponse<OrderResponse>(items, paging.Page, paging.PageSize, ids.Total));
    }

    private static async Task<JsonOk<OrderResponse>> Get(Guid id, HttpContext http, IGrainFactory grains) =>
        Answer(http.Response, await VisibleOrderAsync(id, http.User, grains, allowAdmin: true));

    private static async Task<JsonOk<OrderResponse>> Cancel(Guid id, HttpContext http, IGrainFactory grains)
    {
        await VisibleOrderAsync(id, http.User, grains, allowAdmin: false);
        return Answer(http.Response, await grains.Reference<IOrderGrain>(id).Cancel(ETags.IfMatch(http.Request)));
    }

    private static async Task<Results<JsonOk<OrderResponse>, ValidationProblem>> ChangeStatus(Guid id, ChangeStatusRequest request, IGrainFactory grains, HttpContext http)
    {
        if (!OrderStatuses.TryParseVisible(request.Status, out var status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"status must be one of {OrderStatuses.VisibleNames}."],
            });
        }

        return Answer(http.Response, await grains.Reference<IOrderGrain>(id).ChangeStatus(status, ETags.IfMatch(http.Request)));
    }


    /// <summary>The order if the caller may see it; someone else's order is reported as absent, never revealed.</summary>
    private static async Task<OrderSnapshot> VisibleOrderAsync(Guid id, ClaimsPrincipal user, IGrainFactory grains, bool allowAdmin)
    {
        var order = await grains.Reference<IOrderGrain>(id).Get();
        if (order is null || (order.UserId != user.GetUserId() && !(allowAdmin && user.IsAdmin())))
        {
            throw new NotFoundException($"Order {id} does not exist.");
        }

        return order;
    }

    private static JsonOk<OrderResponse> Answer(HttpResponse response, OrderSnapshot order) => ETags.Ok(response, order.Version, OrderResponse.From(order));
}
