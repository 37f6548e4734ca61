namespace MarketMicro.WebApi.Infrastructure;

/// <summary>
/// The contract's paging: <c>page</c> 1-based (default 1), <c>pageSize</c> default 20, at most 100, and no page reaching
/// past the first <see cref="PagingLimits.MaxResultWindow"/> results.
/// </summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public int Skip => (Page - 1) * PageSize;

    /// <summary>Reads the query values, or adds field errors for out-of-range ones.</summary>
    public static Paging Read(int? page, int? pageSize, IDictionary<string, string[]> errors)
    {
        var result = new Paging(page ?? 1, pageSize ?? PagingLimits.DefaultPageSize);
        if (result.PageSize is < 1 or > PagingLimits.MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {PagingLimits.MaxPageSize}."];
        }
        else if (result.Page < 1 || (long)result.Page * result.PageSize > PagingLimits.MaxResultWindow)
        {
            errors["page"] = [$"page must be at least 1, and a page may reach at most the first {PagingLimits.MaxResultWindow} results; narrow the query instead."];
        }

        return result;
    }
}

/// <summary>A page of a list, as every list endpoint answers it.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
