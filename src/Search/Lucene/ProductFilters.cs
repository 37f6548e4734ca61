using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// The filters of a search, made cheap to intersect with the match. Category and in-stock filters repeat from search
/// to search, so each is cached per segment core as a document set (deletions still apply: Lucene filters the cached
/// set by the live documents each time). Price ranges differ per search and are read from the in-memory price column,
/// instead of enumerating the price's trie terms and merging their postings.
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

    public static Query PriceRange(decimal? min, decimal? max) =>
        Unscored(new PriceRangeFilter((double?)min ?? double.NegativeInfinity, (double?)max ?? double.PositiveInfinity));

    /// <summary>A filter adds nothing to relevance.</summary>
    private static ConstantScoreQuery Unscored(Filter filter) => new(filter) { Boost = 0f };

    /// <summary>Prices from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    private sealed class PriceRangeFilter(double min, double max) : Filter
    {
        public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits acceptDocs)
        {
            var prices = SegmentColumns.Of(context.AtomicReader).Prices;
            var inRange = new FixedBitSet(prices.Length);
            for (var doc = 0; doc < prices.Length; doc++)
            {
                if (prices[doc] >= min && prices[doc] <= max)
                {
                    inRange.Set(doc);
                }
            }

            return BitsFilteredDocIdSet.Wrap(inRange, acceptDocs);
        }
    }
}
