using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using MarketMicro.Search;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// Counts categories and price buckets over every matching document, from doc values segment by segment
/// (Lucene.Net.Facet is not available, and the counts must cover the whole match, not one page).
/// </summary>
internal sealed class FacetCollector : ICollector
{
    private readonly Dictionary<string, int> categories = new(StringComparer.Ordinal);
    private readonly int[] priceBuckets = new int[PriceBuckets.All.Count];
    private SortedDocValues? segmentCategories;
    private NumericDocValues? segmentPrices;
    private int[] segmentCounts = [];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        segmentCategories = context.AtomicReader.GetSortedDocValues(ProductDocuments.CategoryFacet);
        segmentPrices = context.AtomicReader.GetNumericDocValues(ProductDocuments.PriceValue);
        segmentCounts = new int[segmentCategories?.ValueCount ?? 0];
    }

    public void Collect(int doc)
    {
        if (segmentCategories?.GetOrd(doc) is { } ord and >= 0)
        {
            segmentCounts[ord]++;
        }

        if (segmentPrices is not null)
        {
            var price = BitConverter.Int64BitsToDouble(segmentPrices.Get(doc));
            priceBuckets[PriceBuckets.IndexOf((decimal)price)]++;
        }
    }

    public ProductFacets Result()
    {
        FlushSegment();
        return new ProductFacets(
            categories.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new FacetCount(c.Key, c.Value)).ToList(),
            PriceBuckets.All.Select((bucket, i) => new PriceRangeCount(bucket.From, bucket.To, priceBuckets[i])).ToList());
    }

    private void FlushSegment()
    {
        if (segmentCategories is null)
        {
            return;
        }

        var term = new BytesRef();
        for (var ord = 0; ord < segmentCounts.Length; ord++)
        {
            if (segmentCounts[ord] == 0)
            {
                continue;
            }

            segmentCategories.LookupOrd(ord, term);
            var name = term.Utf8ToString();
            categories[name] = categories.GetValueOrDefault(name) + segmentCounts[ord];
        }

        segmentCategories = null;
    }
}
