using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using MarketMicro.Products;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// One pass over the whole match: applies the price range, counts the match, counts the facets (categories and price
/// buckets) and keeps the best <c>wanted</c> hits in the query's sort order, all from the in-memory
/// <see cref="SegmentColumns"/>. Lucene.Net.Facet is not available, and the counts must cover the whole match, not one page.
/// </summary>
internal sealed class MatchCollector : ICollector
{
    private readonly ProductSortKey[] keys;
    private readonly ProductSortKey primary;
    private readonly double minPrice;
    private readonly double maxPrice;
    private readonly Hit[] heap;
    private readonly List<SegmentColumns> segments = [];
    private readonly List<AtomicReader> readers = [];
    private readonly Dictionary<string, int> categories = new(StringComparer.Ordinal);
    private readonly int[] priceCounts = new int[PriceBuckets.All.Count];
    private int[] categoryCounts = [];
    private SegmentColumns? current;
    private Scorer? scorer;
    private int kept;

    /// <param name="keys">The sort order (see <see cref="ProductSorting.KeysFor"/>).</param>
    /// <param name="wanted">How many of the best hits to keep: the page and every hit before it.</param>
    /// <param name="minPrice">The lowest price a hit may have (included).</param>
    /// <param name="maxPrice">The highest price a hit may have (included).</param>
    public MatchCollector(IReadOnlyList<ProductSortKey> keys, int wanted, decimal? minPrice = null, decimal? maxPrice = null)
    {
        this.keys = keys.ToArray();
        primary = keys.Count > 0 ? keys[0] : new ProductSortKey(ProductSortField.Id, Descending: false);
        this.minPrice = (double?)minPrice ?? double.NegativeInfinity;
        this.maxPrice = (double?)maxPrice ?? double.PositiveInfinity;
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
        readers.Add(context.AtomicReader);
        categoryCounts = new int[current.Categories.ValueCount];
    }

    public void Collect(int doc)
    {
        var columns = current!;
        var price = columns.Prices[doc];
        if (price >= minPrice && price <= maxPrice)
        {
            Count(columns, doc);
            Offer(columns, doc);
        }
    }

    /// <summary>
    /// Collects a segment's match of filters alone from the columns, without a scorer. The facets count documents by
    /// group (category and stock state) and price bucket: from counts made once per segment core when no price range
    /// nor deletion applies, else from the documents in the price range, found in the order by price. The heap is offered
    /// only the segment's best matches, walked in the sort's order: offering every match replaced the worst kept hit on
    /// nearly every document when the segment's order is the sort's (the newest last).
    /// </summary>
    /// <param name="categoryKey">The category filter's key (see <see cref="ProductDocuments.CategoryKey"/>); null for any.</param>
    public void CollectFiltered(AtomicReaderContext context, string? categoryKey, bool? inStock)
    {
        SetNextReader(context);
        var columns = current!;
        var filter = new SegmentFilter(columns, context.AtomicReader.LiveDocs, categoryKey, inStock, minPrice, maxPrice);
        CountFiltered(columns, filter);
        if (heap.Length == 0)
        {
            return;
        }

        if (columns.InOrderOf(primary.Field) is not { } order)
        {
            for (var doc = 0; doc < columns.Groups.Length; doc++)
            {
                if (filter.Passes(doc))
                {
                    Offer(columns, doc);
                }
            }

            return;
        }

        // Past the heap's size only hits that tie with the last one offered can still beat one of them.
        var offered = 0;
        var last = -1;
        for (var i = 0; i < order.Length; i++)
        {
            var doc = order[primary.Descending ? order.Length - 1 - i : i];
            if (offered >= heap.Length && !columns.SameValue(primary.Field, doc, last))
            {
                return;
            }

            if (filter.Passes(doc))
            {
                Offer(columns, doc);
                offered++;
                last = doc;
            }
        }
    }

    /// <summary>
    /// Collects a segment's match of a search by relevance whose documents and scores were ranked before (see
    /// <see cref="WordQueries.Ranked"/>; deleted documents are not in it): the filters are read from the columns, every
    /// document that passes them is counted, and only the best are offered to the heap, with the score Lucene gave them.
    /// </summary>
    /// <param name="categoryKey">The category filter's key (see <see cref="ProductDocuments.CategoryKey"/>); null for any.</param>
    public void CollectRanked(AtomicReaderContext context, int[] docs, float[] scores, string? categoryKey, bool? inStock)
    {
        SetNextReader(context);
        var columns = current!;
        var filter = new SegmentFilter(columns, live: null, categoryKey, inStock, minPrice, maxPrice);

        // Past the heap's size only hits that tie with the last one offered can still beat one of them.
        var offered = 0;
        var last = float.NaN;
        for (var i = 0; i < docs.Length; i++)
        {
            var doc = docs[i];
            if (!filter.Passes(doc))
            {
                continue;
            }

            Count(columns, doc);
            if (offered < heap.Length || scores[i] == last)
            {
                Offer(NewHit(columns, doc, scores[i]));
                offered++;
                last = scores[i];
            }
        }
    }

    private void CountFiltered(SegmentColumns columns, in SegmentFilter filter)
    {
        var buckets = PriceBuckets.All.Count;
        var counts = columns.GroupBucketCounts;
        if (filter.Live is not null || minPrice > double.NegativeInfinity || maxPrice < double.PositiveInfinity)
        {
            counts = new int[counts.Length];
            var (groups, bucketOf, live) = (columns.Groups, columns.PriceBucketOf, filter.Live);
            var (from, to) = columns.PriceRange(minPrice, maxPrice);
            var byPrice = columns.InOrderOf(ProductSortField.Price)!;
            for (var i = from; i < to; i++)
            {
                var doc = byPrice[i];
                if (live is null || live.Get(doc))
                {
                    counts[(groups[doc] * buckets) + bucketOf[doc]]++;
                }
            }
        }

        for (var group = 0; group < columns.GroupCount; group++)
        {
            if (!filter.Allows(group))
            {
                continue;
            }

            var ord = SegmentColumns.CategoryOrdOf(group);
            for (var bucket = 0; bucket < buckets; bucket++)
            {
                var count = counts[(group * buckets) + bucket];
                TotalHits += count;
                priceCounts[bucket] += count;
                if (ord >= 0)
                {
                    categoryCounts[ord] += count;
                }
            }
        }
    }

    private void Count(SegmentColumns columns, int doc)
    {
        TotalHits++;
        if (columns.Categories.Ords[doc] is var ord and >= 0)
        {
            categoryCounts[ord]++;
        }

        priceCounts[columns.PriceBucketOf[doc]]++;
    }

    private void Offer(SegmentColumns columns, int doc)
    {
        if (heap.Length > 0)
        {
            Offer(NewHit(columns, doc, primary.Field == ProductSortField.Score ? scorer?.GetScore() ?? 0f : 0f));
        }
    }

    /// <summary>Keeps the hit if it is among the best so far; the heap must have room for at least one.</summary>
    private void Offer(in Hit hit)
    {
        if (kept < heap.Length)
        {
            heap[kept] = hit;
            SiftUp(kept++);
        }
        else if (hit.Key < heap[0].Key || (hit.Key == heap[0].Key && CompareFully(hit, heap[0]) < 0))
        {
            heap[0] = hit;
            SiftDown(0);
        }
    }

    /// <summary>The products of the hits from <paramref name="skip"/> on, best first.</summary>
    public List<ProductSnapshot> Page(int skip, int take)
    {
        var best = heap.AsSpan(0, kept);
        best.Sort((a, b) => Compare(a, b));
        var page = new List<ProductSnapshot>(Math.Max(0, Math.Min(take, kept - skip)));
        for (var i = skip; i < kept && page.Count < take; i++)
        {
            page.Add(segments[best[i].Segment].Product(readers[best[i].Segment], best[i].Doc));
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
    /// A hit with its primary sort value as one unsigned number that orders as the sort does (smaller first), so that
    /// most hits are placed, or turned away, by one integer comparison; only equal keys compare every sort key.
    /// </summary>
    /// <param name="score">The hit's score when the order is by relevance (zero otherwise).</param>
    private Hit NewHit(SegmentColumns columns, int doc, float score)
    {
        var key = primary.Field switch
        {
            ProductSortField.Score => OrderedBits(score),
            ProductSortField.Price => OrderedBits(columns.Prices[doc]),
            ProductSortField.CreatedAt => (ulong)columns.Created[doc] ^ (1UL << 63),
            ProductSortField.Name => columns.NamePrefixes[doc],
            _ => 0UL,
        };
        return new Hit(primary.Descending ? ~key : key, segments.Count - 1, doc, score);
    }

    /// <summary>A double's bits turned so that unsigned comparison orders them as the numbers (negatives below positives).</summary>
    private static ulong OrderedBits(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        return (bits & (1UL << 63)) != 0 ? ~bits : bits | (1UL << 63);
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
    private int Compare(in Hit a, in Hit b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : CompareFully(a, b);

    private int CompareFully(in Hit a, in Hit b)
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

    private int CompareValues(in Hit a, in Hit b, Func<SegmentColumns, SortedColumn> column)
    {
        var (left, right) = (column(segments[a.Segment]), column(segments[b.Segment]));
        var (leftOrd, rightOrd) = (left.Ords[a.Doc], right.Ords[b.Doc]);
        return a.Segment == b.Segment ? leftOrd.CompareTo(rightOrd) : left.CompareWith(leftOrd, right, rightOrd);
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
        for (var child = (2 * i) + 1; child < kept; child = (2 * i) + 1)
        {
            if (child + 1 < kept && Compare(heap[child], heap[child + 1]) < 0)
            {
                child++;
            }

            if (Compare(heap[i], heap[child]) >= 0)
            {
                return;
            }

            (heap[i], heap[child]) = (heap[child], heap[i]);
            i = child;
        }
    }

    /// <summary>The filters of a search read from a segment's columns: live, in the category and stock state, inside the price range.</summary>
    private readonly struct SegmentFilter
    {
        private readonly SegmentColumns columns;
        private readonly bool[] groups;
        private readonly double minPrice;
        private readonly double maxPrice;

        public SegmentFilter(SegmentColumns columns, IBits? live, string? categoryKey, bool? inStock, double minPrice, double maxPrice)
        {
            this.columns = columns;
            this.minPrice = minPrice;
            this.maxPrice = maxPrice;
            Live = live;
            groups = new bool[columns.GroupCount];
            for (var group = 0; group < groups.Length; group++)
            {
                var ord = SegmentColumns.CategoryOrdOf(group);
                groups[group] = (categoryKey is null || (ord >= 0 && columns.CategoryKeys[ord] == categoryKey))
                    && (inStock is null || SegmentColumns.InStockOf(group) == inStock);
            }
        }

        public IBits? Live { get; }

        public bool Allows(int group) => groups[group];

        public bool Passes(int doc)
        {
            var price = columns.Prices[doc];
            return price >= minPrice && price <= maxPrice && groups[columns.Groups[doc]] && (Live is null || Live.Get(doc));
        }
    }

    /// <param name="Key">The primary sort value, ordered as unsigned (see <see cref="NewHit"/>).</param>
    private readonly record struct Hit(ulong Key, int Segment, int Doc, float Score);
}
