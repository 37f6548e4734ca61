using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using MarketMicro.Products;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// The doc values a search sorts and counts facets by, copied once per segment into plain arrays. Reading doc values
/// through Lucene.Net's memory-mapped inputs costs a virtual call chain per value, which made sorting and facet
/// counting the largest part of every search. A segment's values never change (an update writes a new document
/// elsewhere and only marks the old one deleted), so the arrays are kept per segment core, across near-real-time
/// reopens, and dropped with the core when a merge retires it.
/// </summary>
internal sealed class SegmentColumns
{
    private static readonly ConditionalWeakTable<object, SegmentColumns> Cache = new();

    private static readonly double[] PriceBucketStarts = PriceBuckets.All.Skip(1).Select(bucket => (double)bucket.From!.Value).ToArray();

    private readonly ProductSnapshot?[] products;
    private readonly int[]?[] sortOrders = new int[]?[Enum.GetValues<ProductSortField>().Length];

    private SegmentColumns(AtomicReader reader)
    {
        Prices = Numbers(reader, ProductDocuments.PriceValue, BitConverter.Int64BitsToDouble);
        Created = Numbers(reader, ProductDocuments.Created, ticks => ticks);
        Categories = SortedColumn.Load(reader, ProductDocuments.CategoryFacet, withTexts: true);
        Names = SortedColumn.Load(reader, ProductDocuments.NameSort, withTexts: false);
        Ids = SortedColumn.Load(reader, ProductDocuments.IdSort, withTexts: false);
        NamePrefixes = new ulong[reader.MaxDoc];
        for (var doc = 0; doc < NamePrefixes.Length; doc++)
        {
            NamePrefixes[doc] = Names.Prefix(Names.Ords[doc]);
        }

        CategoryKeys = Categories.Texts!.Select(ProductDocuments.CategoryKey).ToArray();
        PriceBucketOf = Prices.Select(PriceBucket).ToArray();
        var inStock = Flags(reader, new Term(ProductDocuments.InStock, "true"));
        Groups = new int[reader.MaxDoc];
        GroupBucketCounts = new int[GroupCount * PriceBuckets.All.Count];
        for (var doc = 0; doc < Groups.Length; doc++)
        {
            Groups[doc] = ((Categories.Ords[doc] + 1) * 2) + (inStock[doc] ? 1 : 0);
            GroupBucketCounts[(Groups[doc] * PriceBuckets.All.Count) + PriceBucketOf[doc]]++;
        }
        products = new ProductSnapshot?[reader.MaxDoc];
    }

    public double[] Prices { get; }

    public long[] Created { get; }

    public SortedColumn Categories { get; }

    /// <summary>The category filter's key of each category ordinal (see <see cref="ProductDocuments.CategoryKey"/>).</summary>
    public string[] CategoryKeys { get; }

    /// <summary>Each document's index in <see cref="PriceBuckets.All"/>.</summary>
    public byte[] PriceBucketOf { get; }

    /// <summary>
    /// Each document's category and stock state as one number, what the filters of a search ask of it: the category
    /// ordinal plus one (none: 0), twice, plus one when in stock. See <see cref="CategoryOrdOf"/> and <see cref="InStockOf"/>.
    /// </summary>
    public int[] Groups { get; }

    public int GroupCount => (Categories.ValueCount + 1) * 2;

    /// <summary>How many documents, deleted ones included, each group has in each price bucket (group-major).</summary>
    public int[] GroupBucketCounts { get; }

    public SortedColumn Names { get; }

    public SortedColumn Ids { get; }

    /// <summary>Each document's <see cref="SortedColumn.Prefix"/> of its name: most hits of a name sort are placed by it alone.</summary>
    public ulong[] NamePrefixes { get; }

    public static SegmentColumns Of(AtomicReader reader) =>
        Cache.TryGetValue(reader.CoreCacheKey, out var columns) ? columns : Cache.GetValue(reader.CoreCacheKey, _ => new SegmentColumns(reader));

    /// <summary>
    /// A document's product. Its stored JSON sits in a compressed block of the stored fields shared with its neighbours,
    /// which a page of hits decompressed and parsed again on every search (the largest cost of a search after the match);
    /// a stored document never changes, so each is read once per segment core, when a search first shows it.
    /// </summary>
    public ProductSnapshot Product(AtomicReader reader, int doc) =>
        products[doc] ??= ProductDocuments.FromDocument(reader.Document(doc));

    /// <summary>
    /// The segment's documents, deleted ones included, ordered by <paramref name="field"/> ascending and then by id: what a
    /// search by filters alone walks to find the segment's best hits without offering every match to the heap. Null for
    /// the score, which only a text search has. Made when a search first sorts the segment so.
    /// </summary>
    public int[]? InOrderOf(ProductSortField field) => field is ProductSortField.Score or ProductSortField.Id
        ? null
        : sortOrders[(int)field] ??= SortedDocs(field);

    public static int CategoryOrdOf(int group) => (group / 2) - 1;

    public static bool InStockOf(int group) => (group & 1) == 1;

    /// <summary>Where the prices from <paramref name="min"/> to <paramref name="max"/> (both included) lie in the order by price.</summary>
    public (int From, int To) PriceRange(double min, double max)
    {
        var byPrice = InOrderOf(ProductSortField.Price)!;
        return (FirstPriceAbove(byPrice, min, orEqual: true), FirstPriceAbove(byPrice, max, orEqual: false));
    }

    /// <summary>True when two documents have the same value of <paramref name="field"/> (for the fields of <see cref="InOrderOf"/>).</summary>
    public bool SameValue(ProductSortField field, int a, int b) => field switch
    {
        ProductSortField.Price => Prices[a] == Prices[b],
        ProductSortField.CreatedAt => Created[a] == Created[b],
        _ => Names.Ords[a] == Names.Ords[b],
    };

    /// <summary>
    /// The bucket of <see cref="PriceBuckets"/> a price falls in. Prices are decimals with two places and the bucket
    /// bounds whole numbers, so comparing as doubles puts every price where the decimal comparison would.
    /// </summary>
    private static byte PriceBucket(double price)
    {
        byte bucket = 0;
        while (bucket < PriceBucketStarts.Length && price >= PriceBucketStarts[bucket])
        {
            bucket++;
        }

        return bucket;
    }

    private int[] SortedDocs(ProductSortField field)
    {
        var docs = new int[Prices.Length];
        for (var doc = 0; doc < docs.Length; doc++)
        {
            docs[doc] = doc;
        }

        var ids = Ids.Ords;
        Comparison<int> byValue = field switch
        {
            ProductSortField.Price => (a, b) => Prices[a].CompareTo(Prices[b]),
            ProductSortField.CreatedAt => (a, b) => Created[a].CompareTo(Created[b]),
            _ => (a, b) => Names.Ords[a].CompareTo(Names.Ords[b]),
        };
        Array.Sort(docs, (a, b) => byValue(a, b) is var order and not 0 ? order : ids[a].CompareTo(ids[b]));
        return docs;
    }

    private int FirstPriceAbove(int[] byPrice, double bound, bool orEqual)
    {
        var (low, high) = (0, byPrice.Length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var price = Prices[byPrice[middle]];
            if (price > bound || (orEqual && price == bound))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>Which documents have the term (a one-valued string field), deleted ones included.</summary>
    private static bool[] Flags(AtomicReader reader, Term term)
    {
        var flags = new bool[reader.MaxDoc];
        var terms = reader.GetTerms(term.Field)?.GetEnumerator();
        if (terms is not null && terms.SeekExact(term.Bytes))
        {
            var docs = terms.Docs(null, null, DocsFlags.NONE);
            for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
            {
                flags[doc] = true;
            }
        }

        return flags;
    }

    private static T[] Numbers<T>(AtomicReader reader, string field, Func<long, T> convert)
    {
        var values = new T[reader.MaxDoc];
        if (reader.GetNumericDocValues(field) is { } source)
        {
            for (var doc = 0; doc < values.Length; doc++)
            {
                values[doc] = convert(source.Get(doc));
            }
        }

        return values;
    }
}

/// <summary>
/// A sorted doc values field in memory: each document's ordinal, and the values in ordinal order as UTF-8 in one
/// array (no object per value). Ordinals order values within the segment; across segments the bytes are compared, which
/// is the order Lucene's own string sort uses.
/// </summary>
internal sealed class SortedColumn
{
    private readonly byte[] values;
    private readonly int[] starts;
    private readonly ulong[] prefixes;

    private SortedColumn(int[] ords, byte[] values, int[] starts, string[]? texts)
    {
        Ords = ords;
        this.values = values;
        this.starts = starts;
        Texts = texts;
        prefixes = new ulong[ValueCount];
        Span<byte> first = stackalloc byte[sizeof(ulong)];
        for (var ord = 0; ord < prefixes.Length; ord++)
        {
            first.Clear();
            var value = Value(ord);
            value[..Math.Min(value.Length, first.Length)].CopyTo(first);
            prefixes[ord] = BinaryPrimitives.ReadUInt64BigEndian(first);
        }
    }

    /// <summary>Each document's ordinal; -1 for a document without a value.</summary>
    public int[] Ords { get; }

    public int ValueCount => starts.Length - 1;

    /// <summary>The values as strings by ordinal, when loaded with them (few distinct values, read on every search).</summary>
    public string[]? Texts { get; }

    public ReadOnlySpan<byte> Value(int ord) => ord < 0 ? default : values.AsSpan(starts[ord], starts[ord + 1] - starts[ord]);

    /// <summary>
    /// The first 8 bytes of a value as a big-endian number (zeros after a shorter value; 0 for none): orders values as
    /// their bytes do wherever the numbers differ, so values of different segments compare their bytes only when they share them.
    /// </summary>
    public ulong Prefix(int ord) => ord < 0 ? 0 : prefixes[ord];

    /// <summary>Orders a value of this column and one of <paramref name="other"/> (another segment's) as their bytes do.</summary>
    public int CompareWith(int ord, SortedColumn other, int otherOrd) =>
        Prefix(ord) != other.Prefix(otherOrd) ? Prefix(ord).CompareTo(other.Prefix(otherOrd)) : Value(ord).SequenceCompareTo(other.Value(otherOrd));

    public static SortedColumn Load(AtomicReader reader, string field, bool withTexts)
    {
        var ords = new int[reader.MaxDoc];
        if (reader.GetSortedDocValues(field) is not { } source)
        {
            Array.Fill(ords, -1);
            return new SortedColumn(ords, [], [0], withTexts ? [] : null);
        }

        for (var doc = 0; doc < ords.Length; doc++)
        {
            ords[doc] = source.GetOrd(doc);
        }

        var bytes = new ArrayBufferWriter<byte>();
        var starts = new int[source.ValueCount + 1];
        var texts = withTexts ? new string[source.ValueCount] : null;
        var term = new BytesRef();
        for (var ord = 0; ord < source.ValueCount; ord++)
        {
            source.LookupOrd(ord, term);
            var value = term.Bytes.AsSpan(term.Offset, term.Length);
            bytes.Write(value);
            starts[ord + 1] = bytes.WrittenCount;
            if (texts is not null)
            {
                texts[ord] = Encoding.UTF8.GetString(value);
            }
        }

        return new SortedColumn(ords, bytes.WrittenSpan.ToArray(), starts, texts);
    }
}
