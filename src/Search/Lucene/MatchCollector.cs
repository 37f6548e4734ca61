using Lucene.Net.Index;
using Lucene.Net.Search;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// One pass over the whole match: counts it, counts the facets (categories and price buckets) and keeps the best
/// <c>wanted</c> hits in the query's sort order, all from the in-memory <see cref="SegmentColumns"/>. Lucene.Net.Facet is
/// not available, and the counts must cover the whole match, not one page.
/// </summary>
internal sealed class MatchCollector : ICollector
{
    private static readonly double[] PriceBucketStarts = PriceBuckets.All.Skip(1).Select(bucket => (double)bucket.From!.Value).ToArray();

    private readonly ProductSortKey[] keys;
    private readonly bool scores;
    private readonly Hit[] heap;
    private readonly List<SegmentColumns> segments = [];
    private readonly List<int> docBases = [];
    private readonly Dictionary<string, int> categories = new(StringComparer.Ordinal);
    private readonly int[] priceCounts = new int[PriceBuckets.All.Count];
    private int[] categoryCounts = [];
    private SegmentColumns? current;
    private Scorer? scorer;
    private int kept;

    /// <param name="keys">The sort order (see <see cref="ProductSorting.KeysFor"/>).</param>
    /// <param name="wanted">How many of the best hits to keep: the page and every hit before it.</param>
    public MatchCollector(IReadOnlyList<ProductSortKey> keys, int wanted)
    {
        this.keys = keys.ToArray();
        scores = keys.Any(key => key.Field == ProductSortField.Score);
        heap = new Hit[wanted];
    }

    public int TotalHits { get; private set; }

    /// <summary>
    /// In order: out of order would let Lucene 4.8 build an unused BooleanScorer (2,048 buckets) for every typed word in
    /// every segment before it falls back to the in-order scorer that the required clauses need anyway.
    /// </summary>
    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => this.scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushCategories();
        current = SegmentColumns.Of(context.AtomicReader);
        segments.Add(current);
        docBases.Add(context.DocBase);
        categoryCounts = new int[current.Categories.ValueCount];
    }

    public void Collect(int doc)
    {
        var columns = current!;
        TotalHits++;
        if (columns.Categories.Ords[doc] is var ord and >= 0)
        {
            categoryCounts[ord]++;
        }

        priceCounts[PriceBucket(columns.Prices[doc])]++;
        if (heap.Length == 0)
        {
            return;
        }

        var hit = new Hit(segments.Count - 1, doc, scores ? scorer!.GetScore() : 0f);
        if (kept < heap.Length)
        {
            heap[kept] = hit;
            SiftUp(kept++);
        }
        else if (Compare(hit, heap[0]) < 0)
        {
            heap[0] = hit;
            SiftDown(0);
        }
    }

    /// <summary>The index-wide doc ids of the hits from <paramref name="skip"/> on, best first.</summary>
    public List<int> Page(int skip, int take)
    {
        var best = heap.AsSpan(0, kept);
        best.Sort(Compare);
        var page = new List<int>(Math.Max(0, Math.Min(take, kept - skip)));
        for (var i = skip; i < kept && page.Count < take; i++)
        {
            page.Add(docBases[best[i].Segment] + best[i].Doc);
        }

        return page;
    }

    public ProductFacets Facets()
    {
        FlushCategories();
        var byCount = categories.Select(c => new FacetCount(c.Key, c.Value)).ToList();
        byCount.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Value, b.Value));
        var ranges = new List<PriceRangeCount>(priceCounts.Length);
        for (var i = 0; i < priceCounts.Length; i++)
        {
            ranges.Add(new PriceRangeCount(PriceBuckets.All[i].From, PriceBuckets.All[i].To, priceCounts[i]));
        }

        return new ProductFacets(byCount, ranges);
    }

    /// <summary>
    /// The bucket of <see cref="PriceBuckets"/> a price falls in. Prices are decimals with two places and the bucket
    /// bounds whole numbers, so comparing as doubles puts every price where the decimal comparison would.
    /// </summary>
    private static int PriceBucket(double price)
    {
        var bucket = 0;
        while (bucket < PriceBucketStarts.Length && price >= PriceBucketStarts[bucket])
        {
            bucket++;
        }

        return bucket;
    }

    private void FlushCategories()
    {
        if (current is null)
        {
            return;
        }

        var names = current.Categories.Texts!;
        for (var ord = 0; ord < categoryCounts.Length; ord++)
        {
            if (categoryCounts[ord] > 0)
            {
                categories[names[ord]] = categories.GetValueOrDefault(names[ord]) + categoryCounts[ord];
            }
        }

        current = null;
    }

    /// <summary>Negative when <paramref name="a"/> comes first in the sort order.</summary>
    private int Compare(Hit a, Hit b)
    {
        foreach (var key in keys)
        {
            var order = key.Field switch
            {
                ProductSortField.Score => a.Score.CompareTo(b.Score),
                ProductSortField.Price => segments[a.Segment].Prices[a.Doc].CompareTo(segments[b.Segment].Prices[b.Doc]),
                ProductSortField.CreatedAt => segments[a.Segment].Created[a.Doc].CompareTo(segments[b.Segment].Created[b.Doc]),
                ProductSortField.Name => CompareValues(a, b, columns => columns.Names),
                _ => CompareValues(a, b, columns => columns.Ids),
            };
            if (order != 0)
            {
                return key.Descending ? -order : order;
            }
        }

        return 0;
    }

    private int CompareValues(Hit a, Hit b, Func<SegmentColumns, SortedColumn> column)
    {
        var (left, right) = (column(segments[a.Segment]), column(segments[b.Segment]));
        var (leftOrd, rightOrd) = (left.Ords[a.Doc], right.Ords[b.Doc]);
        return a.Segment == b.Segment ? leftOrd.CompareTo(rightOrd) : left.Value(leftOrd).SequenceCompareTo(right.Value(rightOrd));
    }

    /// <summary>The heap keeps the worst kept hit on top, where the next better hit replaces it.</summary>
    private void SiftUp(int i)
    {
        while (i > 0 && Compare(heap[(i - 1) / 2], heap[i]) < 0)
        {
            (heap[i], heap[(i - 1) / 2]) = (heap[(i - 1) / 2], heap[i]);
            i = (i - 1) / 2;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            foreach (var child in (ReadOnlySpan<int>)[(2 * i) + 1, (2 * i) + 2])
            {
                if (child < kept && Compare(heap[worst], heap[child]) < 0)
                {
                    worst = child;
                }
            }

            if (worst == i)
            {
                return;
            }

            (heap[i], heap[worst]) = (heap[worst], heap[i]);
            i = worst;
        }
    }

    private readonly record struct Hit(int Segment, int Doc, float Score);
}
