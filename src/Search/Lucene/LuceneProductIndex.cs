using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using MarketMicro.Grains.Search;
using MarketMicro.Products;
using Microsoft.Extensions.Logging;
using Directory = Lucene.Net.Store.Directory;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// The embedded search index: Lucene.Net on disk, near-real-time (a change is searchable within the refresh interval),
/// committed to disk every second while dirty and on shutdown. The projection checkpoint is the commit's user data, so it is never
/// durable before the documents it covers.
/// </summary>
public sealed class LuceneProductIndex : IProductSearchIndex, IDisposable
{
    private const string CheckpointKey = "marketmicro.checkpoint";

    // Remembered versions are swept once there are this many (a sweep walks the whole table).
    private const int SmallestSweep = 1024;

    private static readonly ISet<string> VersionOnly = new HashSet<string> { ProductDocuments.Version };

    private readonly ShopAnalyzer analyzer = new();
    private readonly Directory directory;
    private readonly IndexWriter writer;
    private readonly SearcherManager searchers;
    private readonly Timer committer;
    private readonly Timer? refresher;
    private readonly ILogger<LuceneProductIndex> logger;
    private readonly System.Threading.Lock writeLock = new();

    // Held by a commit and by whatever sets the commit's checkpoint, so that a checkpoint never joins a commit already
    // under way (which may lack the documents written just before it). Document writes do not wait for a commit.
    private readonly System.Threading.Lock commitLock = new();
    // The version of each product written since the searcher last showed it, with the count of changes a reopen must
    // reach to show it. Entries a reopen covered are swept out as the table grows (ForgetShownVersions), so it holds
    // about what one refresh interval wrote rather than every product ever written: an import of 100,000 products left
    // a 5 MB table behind for good.
    private readonly Dictionary<Guid, WrittenVersion> writtenVersions = [];
    private int sweepAt = SmallestSweep;

    // Every write counts itself in `changes` once it is made; a reopen records in `shown` the count it started from, so
    // it shows at least those writes. Reopens take turns under refreshLock, and a search that must see a write waits for
    // a reopen begun after it, also one another search started: with a flag that the first search cleared, a second
    // search at the same moment read the old searcher and missed the write.
    private readonly System.Threading.Lock refreshLock = new();
    private long changes;
    private long shown;
    private int dirty;

    /// <summary>An index whose searches see every change made before them: each search after a change reopens it.</summary>
    public LuceneProductIndex(string path, ILogger<LuceneProductIndex> logger)
        : this(path, logger, TimeSpan.Zero)
    {
    }

    /// <param name="refreshInterval">
    /// How often changes are made searchable; searches then never reopen the index themselves. Under writes mixed with
    /// searches (three stock changes per order) a reopen per search flushes a tiny segment per search and keeps merges
    /// running; a timer makes that a few reopens a second. Zero: every search sees every change made before it.
    /// </param>
    public LuceneProductIndex(string path, ILogger<LuceneProductIndex> logger, TimeSpan refreshInterval)
    {
        this.logger = logger;
        System.IO.Directory.CreateDirectory(path);
        // Positional reads, not the memory-mapped files FSDirectory.Open picks on 64-bit: what searches read per document
        // is in SegmentColumns' arrays, and the mapped index's pages counted in the shop's RSS (25 MB after the benchmark);
        // read through the page cache they are the system's to keep or drop. The benchmark's searches did not slow down
        // (8,134 req/s, p95 13.4 ms, against 7,059-7,738 and 15.2-15.9 ms mapped, the same day).
        directory = new NIOFSDirectory(path);
        writer = OpenWriter(path);
        searchers = new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null);
        committer = new Timer(_ => Commit(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        if (refreshInterval > TimeSpan.Zero)
        {
            refresher = new Timer(_ => Refresh(), null, refreshInterval, refreshInterval);
        }
    }

    /// <summary>For a shop under write load: well inside the contract's two seconds from a change to search.</summary>
    public static TimeSpan DefaultRefreshInterval { get; } = TimeSpan.FromMilliseconds(250);

    public bool IsLocalReplica => true;

    /// <summary>
    /// Opens the index; one a crash left unreadable (a commit cut short) is discarded and started empty. The index is
    /// derived: without its checkpoint, the next catch-up pass refills it from every stored product.
    /// </summary>
    private IndexWriter OpenWriter(string path)
    {
        IndexWriterConfig Config(OpenMode mode) => new(ShopAnalyzer.Version, analyzer) { OpenMode = mode };
        try
        {
            return new IndexWriter(directory, Config(OpenMode.CREATE_OR_APPEND));
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Search index in {Path} is unreadable; starting it empty, to be refilled from the stored products", path);
            foreach (var file in directory.ListAll())
            {
                directory.DeleteFile(file);
            }

            return new IndexWriter(directory, Config(OpenMode.CREATE));
        }
    }

    public Task UpsertAsync(IReadOnlyList<ProductSnapshot> products, CancellationToken cancellationToken = default)
    {
        lock (writeLock)
        {
            ForgetShownVersions();
            var searcher = searchers.Acquire();
            var batch = new WriteBatch();
            try
            {
                foreach (var product in products)
                {
                    // The searcher may not show the latest writes yet; the versions written since are remembered here.
                    var known = writtenVersions.TryGetValue(product.Id, out var remembered) ? remembered.Version : StoredVersion(searcher, product.Id);
                    if (known >= product.Version)
                    {
                        continue;
                    }

                    writtenVersions[product.Id] = new WrittenVersion(product.Version, batch);

                    var id = new Term(ProductDocuments.Id, product.Id.ToString());
                    if (product.Deleted)
                    {
                        writer.DeleteDocuments(id);
                    }
                    else
                    {
                        writer.UpdateDocument(id, ProductDocuments.ToDocument(product));
                    }
                }
            }
            finally
            {
                searchers.Release(searcher);

                // A reopen that starts after this count shows these writes (also those made before a write failed).
                batch.ShownBy = Changed();
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default)
    {
        lock (writeLock)
        {
            writer.DeleteDocuments(new Term(ProductDocuments.Id, productId.ToString()));
            Changed();
        }

        return Task.CompletedTask;
    }

    public Task<ProductSearchResult> SearchAsync(ProductQuery query, CancellationToken cancellationToken = default)
    {
        query.EnsureWithinResultWindow();
        var searcher = refresher is null ? FreshSearcher() : searchers.Acquire();
        try
        {
            // Keep no more hits than the page needs, nor than there are documents.
            var wanted = Math.Max(1, Math.Min(query.Skip + query.Take, searcher.IndexReader.MaxDoc));
            var keys = ProductSorting.KeysFor(query);
            var match = new MatchCollector(keys, wanted, query.MinPrice, query.MaxPrice);
            var words = Words(query.Text);
            var category = string.IsNullOrWhiteSpace(query.Category) ? null : ProductDocuments.CategoryKey(query.Category);
            var scored = keys[0].Field == ProductSortField.Score;
            if (words.Count == 0)
            {
                CollectFiltered(searcher, match, category, query.InStock);
            }
            else if (scored && WordQueries.Ranked(searcher, words) is { } ranked)
            {
                foreach (var segment in searcher.IndexReader.Leaves)
                {
                    match.CollectRanked(segment, ranked.Docs(segment.Ord), ranked.Scores(segment.Ord), category, query.InStock);
                }
            }
            else
            {
                searcher.Search(TextQuery(words, category, query.InStock, searcher.IndexReader, scored), match);
            }

            return Task.FromResult(new ProductSearchResult(match.Page(query.Skip, query.Take), match.TotalHits, match.Facets()));
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    public Task<IReadOnlyList<FacetCount>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        var searcher = FreshSearcher();
        try
        {
            var match = new MatchCollector([], wanted: 0);
            CollectFiltered(searcher, match, category: null, inStock: null);
            return Task.FromResult<IReadOnlyList<FacetCount>>(match.Facets().Categories.OrderBy(c => c.Value, StringComparer.OrdinalIgnoreCase).ToList());
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    public Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var searcher = FreshSearcher();
        try
        {
            return Task.FromResult((long)searcher.IndexReader.NumDocs);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    public Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default)
    {
        lock (commitLock)
        {
            return Task.FromResult(writer.CommitData.TryGetValue(CheckpointKey, out var checkpoint) ? checkpoint : null);
        }
    }

    public Task SetCheckpointAsync(string checkpoint, CancellationToken cancellationToken = default)
    {
        lock (writeLock)
        lock (commitLock)
        {
            writer.SetCommitData(new Dictionary<string, string> { [CheckpointKey] = checkpoint });
            Changed();
        }

        // A pass (a catch-up or an operator's rebuild) is searchable once it is done, not at the next refresh tick.
        RefreshIfStale();
        return Task.CompletedTask;
    }

    public Task ClearAsync(CancellationToken cancellationToken = default)
    {
        lock (writeLock)
        lock (commitLock)
        {
            writer.DeleteAll();
            writtenVersions.Clear();
            writer.SetCommitData(new Dictionary<string, string>());
            Changed();

            // Writes after a clear compare versions with what the searcher shows: it must no longer show the old
            // documents, or a rebuild would skip every product as already indexed and leave the index empty.
            RefreshIfStale();
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (refresher is not null)
        {
            using var stopped = new ManualResetEvent(false);
            refresher.Dispose(stopped);
            stopped.WaitOne();
        }

        committer.Dispose();
        Commit();
        searchers.Dispose();
        try
        {
            writer.Dispose();
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Search index not closed cleanly (its folder is gone?); the next catch-up refills it");
        }

        directory.Dispose();
        analyzer.Dispose();
    }

    public Task<IReadOnlyDictionary<Guid, long>> VersionsAsync(CancellationToken cancellationToken = default)
    {
        var searcher = FreshSearcher();
        try
        {
            var reader = searcher.IndexReader;
            var live = MultiFields.GetLiveDocs(reader);
            var versions = new Dictionary<Guid, long>(reader.NumDocs);
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (live is null || live.Get(doc))
                {
                    var stored = reader.Document(doc);
                    versions[Guid.Parse(stored.Get(ProductDocuments.Id))] = stored.GetField(ProductDocuments.Version)?.GetInt64Value() ?? -1;
                }
            }

            return Task.FromResult<IReadOnlyDictionary<Guid, long>>(versions);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>
    /// A searcher that sees every write made so far (for counts, audits and the categories list, and for searches when
    /// there is no refresh interval). Writes only mark the searcher stale; one reopen covers every write made before it.
    /// </summary>
    private IndexSearcher FreshSearcher()
    {
        RefreshIfStale();
        return searchers.Acquire();
    }

    private void RefreshIfStale()
    {
        var wanted = Interlocked.Read(ref changes);
        if (Interlocked.Read(ref shown) >= wanted)
        {
            return;
        }

        lock (refreshLock)
        {
            // A reopen that another caller began after those writes may have ended while this one waited.
            if (Interlocked.Read(ref shown) >= wanted)
            {
                return;
            }

            var reached = Interlocked.Read(ref changes);
            searchers.MaybeRefreshBlocking();
            Interlocked.Exchange(ref shown, reached);
        }
    }

    private static void CollectFiltered(IndexSearcher searcher, MatchCollector match, string? category, bool? inStock)
    {
        foreach (var segment in searcher.IndexReader.Leaves)
        {
            match.CollectFiltered(segment, category, inStock);
        }
    }

    /// <summary>
    /// The typed words (scored only when the order is by relevance) and the category and stock filters; the price range
    /// is applied by the <see cref="MatchCollector"/>, which reads each hit's price anyway, instead of a document set built
    /// from every price of every segment per search.
    /// </summary>
    /// <param name="category">The category filter's key (see <see cref="ProductDocuments.CategoryKey"/>); null for any.</param>
    private static BooleanQuery TextQuery(List<string> words, string? category, bool? inStock, IndexReader reader, bool scored)
    {
        var all = WordQueries.Text(reader, words, scored);
        if (category is not null)
        {
            all.Add(ProductFilters.Term(ProductDocuments.Category, category), Occur.MUST);
        }

        if (inStock is { } stock)
        {
            all.Add(ProductFilters.Term(ProductDocuments.InStock, stock ? "true" : "false"), Occur.MUST);
        }

        return all;
    }

    private List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }

        using var stream = analyzer.GetTokenStream(ProductDocuments.Name, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && words.Count < 16)
        {
            words.Add(term.ToString());
        }

        stream.End();
        return words;
    }

    /// <summary>
    /// The version of the product's document in the searcher's reader; -1 when it holds none. The id is looked up in each
    /// segment's term dictionary and the version read from its column; loading the stored document (the whole product's
    /// JSON, decompressed) for it was a fifth of a restarted shop's CPU while the catch-up met products this process had
    /// not written yet. A document written before the column existed has only the stored version.
    /// </summary>
    private static long StoredVersion(IndexSearcher searcher, Guid productId)
    {
        var id = new Term(ProductDocuments.Id, productId.ToString());
        foreach (var segment in searcher.IndexReader.Leaves)
        {
            var reader = segment.AtomicReader;
            var doc = reader.GetTermDocsEnum(id)?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS; // live documents only
            if (doc == DocIdSetIterator.NO_MORE_DOCS)
            {
                continue;
            }

            if (reader.GetDocsWithField(ProductDocuments.VersionValue) is { } withColumn && withColumn.Get(doc))
            {
                return reader.GetNumericDocValues(ProductDocuments.VersionValue).Get(doc);
            }

            return reader.Document(doc, VersionOnly).GetField(ProductDocuments.Version)?.GetInt64Value() ?? -1;
        }

        return -1;
    }

    private void Refresh()
    {
        try
        {
            RefreshIfStale();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            logger.LogWarning(ex, "Search index refresh failed; the next one retries");
        }
    }

    /// <summary>Counts a write that was made; returns the count a reopen must reach to show it.</summary>
    private long Changed()
    {
        var change = Interlocked.Increment(ref changes);
        Interlocked.Exchange(ref dirty, 1);
        return change;
    }

    /// <summary>
    /// Drops the remembered versions the current searcher shows (it reads them from the index itself), once the table
    /// has doubled since the last sweep. Call under the write lock, before acquiring the searcher the writes compare with:
    /// a searcher acquired after <c>shown</c> was read shows at least the changes it counts.
    /// </summary>
    private void ForgetShownVersions()
    {
        if (writtenVersions.Count < sweepAt)
        {
            return;
        }

        var visible = Interlocked.Read(ref shown);
        foreach (var (productId, written) in writtenVersions)
        {
            if (written.Batch.ShownBy <= visible)
            {
                writtenVersions.Remove(productId);
            }
        }

        writtenVersions.TrimExcess();
        sweepAt = Math.Max(SmallestSweep, 2 * writtenVersions.Count);
    }

    private void Commit()
    {
        if (Interlocked.Exchange(ref dirty, 0) == 0)
        {
            return;
        }

        try
        {
            lock (commitLock)
            {
                writer.Commit();
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            logger.LogWarning(ex, "Search index commit failed; the next one retries");
            Interlocked.Exchange(ref dirty, 1);
        }
    }

    /// <summary>How many written versions are remembered beside the searcher: what the last sweep kept and what came since.</summary>
    internal int RememberedVersions
    {
        get
        {
            lock (writeLock)
            {
                return writtenVersions.Count;
            }
        }
    }

    private readonly record struct WrittenVersion(long Version, WriteBatch Batch);

    /// <summary>The writes of one upsert: the change count a reopen must reach to show them, known once they are made.</summary>
    private sealed class WriteBatch
    {
        public long ShownBy { get; set; } = long.MaxValue;
    }
}
