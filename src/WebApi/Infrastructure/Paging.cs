namespace MarketMicro.WebApi.Infrastructure;

/// <summary>The contract's paging: <c>page</c> 1-based (default 1), <c>pageSize</c> default 20, at most 100.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>Reads the query values, or adds field errors for out-of-range ones.</summary>
    public static Paging Read(int? page, int? pageSize, IDictionary<string, string[]> errors)
    {
        var result = new Paging(page ?? 1, pageSize ?? DefaultPageSize);
        if (result.Page < 1 || result.Page > 1_000_000)
        {
            errors["page"] = ["page must be between 1 and 1000000."];
        }

        if (result.PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        return result;
    }
}

/// <summary>A page of a list, as every list endpoint answers it.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
