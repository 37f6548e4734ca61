using MarketMicro.Ledger;
using MarketMicro.Orders;
using MarketMicro.WebApi.Infrastructure;
using MarketMicro.WebApi.Orders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketMicro.WebApi.Admin;

public sealed record AdminOrderResponse(
    Guid Id, Guid UserId, string? CustomerEmail, OrderStatus Status, decimal Total, string Currency, int ItemCount, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record OrdersSummary(int OrderCount, decimal Revenue);

public sealed record AdminOrdersPage(IReadOnlyList<AdminOrderResponse> Items, int Page, int PageSize, int Total, OrdersSummary Summary);

/// <summary>All orders and the books, from the order ledger: <c>/api/v1/admin/orders</c>, <c>/api/v1/admin/financials</c>.</summary>
public static class AdminOrdersEndpoints
{
    public static IEndpointRouteBuilder MapAdminOrdersEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin")
            .WithTags("Admin")
            .RequireAuthorization(AuthPolicies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem();

        admin.MapGet("/orders", ListOrders)
            .WithSummary("All orders, newest first, with a summary over the filtered set (status, userId, from, to, q)");
        admin.MapGet("/financials", GetFinancials)
            .WithSummary("Revenue and order figures over a range of UTC days (default: the last 30 days)");
        return routes;
    }

    private static async Task<Results<JsonOk<AdminOrdersPage>, ValidationProblem>> ListOrders(
        string? status, Guid? userId, DateOnly? from, DateOnly? to, string? q, int? page, int? pageSize, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        var parsedStatus = ParseStatus(status, errors);
        CheckDays(from, to, errors);

        if (q is { Length: > PagingLimits.MaxQueryLength })
        {
            errors["q"] = [$"q may have at most {PagingLimits.MaxQueryLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await grains.Reference<ILedgerQueryGrain>(0)
            .ListOrders(new LedgerOrderFilter(parsedStatus, userId, from, to, q, paging.Page, paging.PageSize));
        var items = result.Items
            .Select(row => new AdminOrderResponse(row.OrderId, row.UserId, row.CustomerEmail, row.Status, row.Total, row.Currency, row.ItemCount, row.CreatedAt, row.UpdatedAt))
            .ToList();
        return JsonAnswers.Ok(new AdminOrdersPage(items, paging.Page, paging.PageSize, result.Total, new OrdersSummary(result.Total, result.Revenue)));
    }

    private static async Task<Results<JsonOk<Financials>, ValidationProblem>> GetFinancials(
        DateOnly? from, DateOnly? to, IGrainFactory grains, IConfiguration configuration, TimeProvider clock)
    {
        var maxDays = Math.Min(LedgerLimits.MaxFinancialsRangeDays, configuration.GetValue("Admin:MaxFinancialsRangeDays", LedgerLimits.MaxFinancialsRangeDays));
        var errors = new Dictionary<string, string[]>();
        CheckDays(from, to, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var end = to ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = from ?? DateOnly.FromDayNumber(Math.Max(LedgerLimits.FirstDay.DayNumber, end.DayNumber - (LedgerLimits.DefaultFinancialsDays - 1)));
        if (start > end)
        {
            errors["from"] = ["from must not be after to."];
        }
        else if (end.DayNumber - start.DayNumber + 1 > maxDays)
        {
            errors["to"] = [$"The range may span at most {maxDays} days."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return JsonAnswers.Ok(await grains.Reference<ILedgerQueryGrain>(0).GetFinancials(start, end));
    }

    /// <summary>Both days within the books, and in order.</summary>
    private static void CheckDays(DateOnly? from, DateOnly? to, Dictionary<string, string[]> errors)
    {
        foreach (var (field, day) in new[] { ("from", from), ("to", to) })
        {
            if (day is { } given && !LedgerLimits.IsWithinBooks(given))
            {
                errors[field] = [$"{field} must be a day from {LedgerLimits.FirstDay:yyyy-MM-dd} to {LedgerLimits.LastDay:yyyy-MM-dd}."];
            }
        }

        if (errors.Count == 0 && from > to)
        {
            errors["from"] = ["from must not be after to."];
        }
    }

    private static OrderStatus? ParseStatus(string? status, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return null;
        }

        if (OrderStatuses.TryParseVisible(status, out var parsed))
        {
            return parsed;
        }

        errors["status"] = [$"status must be one of {OrderStatuses.VisibleNames}."];
        return null;
    }
}
