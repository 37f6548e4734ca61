using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// The document sets of a search that repeat from search to search, made cheap to intersect with the match: the category
/// and in-stock filters, and the words a last typed word may be the start of. Each is cached per segment core as a
/// document set (deletions still apply: Lucene filters the cached set by the live documents each time). Price ranges
/// differ per search: the <see cref="MatchCollector"/> applies them.
/// </summary>
internal static class ProductFilters
{
    /// <summary>Bounds each cache when categories or typed prefixes are many; a set past it works, uncached.</summary>
    private const int MaxCachedTerms = 1024;

    private static readonly ConcurrentDictionary<Term, Filter> Terms = new();
    private static readonly ConcurrentDictionary<Term, Filter> Prefixes = new();

    /// <summary>The documents with the term; adds nothing to relevance.</summary>
    public static Query Term(string field, string text) =>
        new ConstantScoreQuery(Cached(Terms, new Term(field, text), term => new QueryWrapperFilter(new TermQuery(term)))) { Boost = 0f };

    /// <summary>
    /// The documents with a term that starts with <paramref name="prefix"/>, each scoring <paramref name="boost"/>: what
    /// Lucene's <see cref="PrefixQuery"/> scores, without walking the segment's term dictionary again on every search.
    /// </summary>
    public static Query Prefix(Term prefix, float boost) =>
        new ConstantScoreQuery(Cached(Prefixes, prefix, term => new PrefixFilter(term))) { Boost = boost };

    private static Filter Cached(ConcurrentDictionary<Term, Filter> cache, Term term, Func<Term, Filter> filterOf)
    {
        if (!cache.TryGetValue(term, out var filter))
        {
            filter = new CachedDocumentSet(filterOf(term));
            if (cache.Count < MaxCachedTerms)
            {
                filter = cache.GetOrAdd(term, filter);
            }
        }

        return filter;
    }
}
