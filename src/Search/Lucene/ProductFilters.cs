using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// The term filters of a search, made cheap to intersect with the match. Category and in-stock filters repeat from
/// search to search, so each is cached per segment core as a document set (deletions still apply: Lucene filters the
/// cached set by the live documents each time). Price ranges differ per search: the <see cref="MatchCollector"/> applies them.
/// </summary>
internal static class ProductFilters
{
    /// <summary>Bounds the cache when categories are many; a filter past it works, uncached.</summary>
    private const int MaxCachedTerms = 1024;

    private static readonly ConcurrentDictionary<Term, Filter> Terms = new();

    public static Query Term(string field, string text)
    {
        var term = new Term(field, text);
        if (!Terms.TryGetValue(term, out var filter))
        {
            filter = new CachingWrapperFilter(new QueryWrapperFilter(new TermQuery(term)));
            if (Terms.Count < MaxCachedTerms)
            {
                filter = Terms.GetOrAdd(term, filter);
            }
        }

        return Unscored(filter);
    }

    /// <summary>A filter adds nothing to relevance.</summary>
    private static ConstantScoreQuery Unscored(Filter filter) => new(filter) { Boost = 0f };
}
