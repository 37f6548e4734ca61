namespace MarketMicro;

/// <summary>The contract's paging limits, shared by every list endpoint and the search adapters.</summary>
public static class PagingLimits
{
    public const int DefaultPageSize = 20;

    public const int MaxPageSize = 100;

    /// <summary>The deepest result a page may reach (Elasticsearch's default window); beyond it the query must narrow.</summary>
    public const int MaxResultWindow = 10_000;

    /// <summary>The longest free-text query (<c>q</c>) a list accepts.</summary>
    public const int MaxQueryLength = 200;
}
