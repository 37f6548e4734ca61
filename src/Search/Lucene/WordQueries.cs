using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// What one typed word asks of the text fields, expanded once per word and reader: the exact term looked up in every
/// segment, the one-typo neighbours of a word the index does not know, and the words a last word may be the start of.
/// Expanding a word (a Levenshtein automaton per field walked against every segment's term dictionary, a term lookup
/// per field and segment) cost more than matching it. The expansion is bound to the reader it was made against (term
/// states and document frequencies are the reader's), so a reopened index expands each word afresh.
/// </summary>
internal static class WordQueries
{
    /// <summary>Bounds the words (and the texts searched by relevance) kept per reader; one past it is expanded (or counted) for its search alone.</summary>
    private const int MaxCachedWords = 4096;

    /// <summary>Bounds the words whose matching documents are kept; a word past it is matched for its search alone.</summary>
    private const int MaxCachedMatches = 1024;

    private static readonly (string Field, float Boost)[] TextFields =
        [(ProductDocuments.Name, 3f), (ProductDocuments.CategoryText, 2f), (ProductDocuments.Description, 1f)];

    /// <summary>
    /// Bounds the documents of the ranked matches kept per reader (8 bytes each: 16 MB); a text whose match does not fit is
    /// scored by Lucene on every search.
    /// </summary>
    private const int MaxRankedDocuments = 2_000_000;

    private static readonly ConditionalWeakTable<IndexReader, ReaderWords> ByReader = new();

    private static readonly ConcurrentDictionary<(string Word, bool IsLast, bool Fuzzy), Filter> Matches = new();

    /// <summary>
    /// The word's query. <paramref name="scored"/>: one that scores every document it matches (for the relevance order);
    /// otherwise the same documents as one cached document set per segment core, which Lucene walks as one iterator
    /// instead of merging three to nine term, prefix and typo iterators through a heap for every matching document (the
    /// top of the profile of searches sorted by price, date or name).
    /// </summary>
    public static Query For(IndexReader reader, string word, bool isLast, bool scored)
    {
        var query = Get(ByReader.GetValue(reader, _ => new()), reader, word, isLast);
        return scored ? query.Scored : query.Matching;
    }

    /// <summary>
    /// The typed words' query: every word required, each scored when <paramref name="scored"/> (see <see cref="For"/>);
    /// several scored words also require <see cref="AllOf"/> them. The search adds its category and stock filters to it.
    /// </summary>
    public static BooleanQuery Text(IndexReader reader, IReadOnlyList<string> words, bool scored)
    {
        var all = new BooleanQuery();
        for (var i = 0; i < words.Count; i++)
        {
            all.Add(For(reader, words[i], isLast: i == words.Count - 1, scored), Occur.MUST);
        }

        if (scored && words.Count > 1)
        {
            all.Add(AllOf(reader, words), Occur.MUST);
        }

        return all;
    }

    /// <summary>
    /// The documents a search by relevance of these typed words matches in each segment of the searcher's reader, best
    /// scored first, with the scores Lucene gives them in that search (the category and stock filters score nothing and
    /// add nothing to the query norm); null while the text has been searched only once on this reader, or when its match
    /// does not fit in what is left of <see cref="MaxRankedDocuments"/>. Scoring a typed word walks three to nine term,
    /// prefix and typo iterators through a heap for every matching document: four fifths of what the search mix cost, for
    /// the same popular words over and over while the index does not change. The second search of a text on a reader
    /// ranks its match once for every later search on that reader; a reopened index (the refresh after a write) ranks
    /// each text afresh, as its scores may have moved.
    /// </summary>
    public static RankedMatch? Ranked(IndexSearcher searcher, IReadOnlyList<string> words)
    {
        var reader = searcher.IndexReader;
        var cache = ByReader.GetValue(reader, _ => new());
        var key = string.Join(' ', words);
        if (!cache.Texts.TryGetValue(key, out var text))
        {
            text = cache.Texts.Count < MaxCachedWords ? cache.Texts.GetOrAdd(key, _ => new()) : new();
        }

        if (text.Match is { } ranked)
        {
            return ranked.Fits ? ranked : null;
        }

        if (Interlocked.Increment(ref text.Searches) < 2)
        {
            return null;
        }

        ranked = RankedMatch.Of(searcher, Text(reader, words, scored: true), Math.Max(0, MaxRankedDocuments - Interlocked.Read(ref cache.RankedDocuments)));
        if (Interlocked.CompareExchange(ref text.Match, ranked, null) is null && ranked.Fits)
        {
            Interlocked.Add(ref cache.RankedDocuments, ranked.Count);
        }

        return text.Match!.Fits ? text.Match : null;
    }

    /// <summary>
    /// The documents every one of the typed words matches, from the words' cached document sets, scoring nothing. A search
    /// by relevance of several words requires it too: Lucene then leads the conjunction with it and scores only the
    /// documents in it, instead of advancing every word's three to nine iterators to the next candidate of the others
    /// (two words that rarely meet, such as "cutting grocer", cost milliseconds to find that nothing matches). The
    /// scores do not change: a clause of boost zero adds zero to the sum and to the query norm.
    /// </summary>
    public static Query AllOf(IndexReader reader, IReadOnlyList<string> words)
    {
        var sets = new Filter[words.Count];
        var cache = ByReader.GetValue(reader, _ => new());
        for (var i = 0; i < words.Count; i++)
        {
            sets[i] = Get(cache, reader, words[i], isLast: i == words.Count - 1).MatchingDocuments;
        }

        return new ConstantScoreQuery(new Intersection(sets)) { Boost = 0f };
    }

    private static WordQuery Get(ReaderWords words, IndexReader reader, string word, bool isLast)
    {
        if (!words.Queries.TryGetValue((word, isLast), out var query))
        {
            query = Expand(word, isLast, reader);
            if (words.Queries.Count < MaxCachedWords)
            {
                query = words.Queries.GetOrAdd((word, isLast), query);
            }
        }

        return query;
    }

    /// <summary>
    /// Exact, or (last word) a prefix, name counting most; or one typo away (words of 3+ letters, like Elasticsearch's
    /// AUTO) when the index does not know the word as typed. A word the index knows is no typo: expanding it would only
    /// add its misspelled neighbours.
    /// </summary>
    private static WordQuery Expand(string word, bool isLast, IndexReader reader)
    {
        var any = new BooleanQuery();
        var terms = new Term[TextFields.Length];
        var found = new TermContext[TextFields.Length];
        var known = false;
        for (var i = 0; i < TextFields.Length; i++)
        {
            // Looked up once in every segment's term dictionary: the term query reuses what the lookup found.
            terms[i] = new Term(TextFields[i].Field, word);
            found[i] = TermContext.Build(reader.Context, terms[i]);
            known = known || found[i].DocFreq > 0;
        }

        var fuzzy = !known && word.Length >= 3;
        for (var i = 0; i < TextFields.Length; i++)
        {
            var boost = TextFields[i].Boost;
            any.Add(new TermQuery(terms[i], found[i]) { Boost = boost }, Occur.SHOULD);
            if (fuzzy)
            {
                any.Add(new FuzzyQuery(terms[i], maxEdits: 1) { Boost = boost * 0.6f }.Rewrite(reader), Occur.SHOULD);
            }

            if (isLast)
            {
                any.Add(ProductFilters.Prefix(terms[i], boost * 0.8f), Occur.SHOULD);
            }
        }

        return new WordQuery(any, Matching(word, isLast, fuzzy));
    }

    /// <summary>
    /// The documents the scored query matches, made per segment from queries bound to no reader (so the set of a segment
    /// is made once, whatever reader it is part of, and a segment made after a reopen gets its own typo neighbours).
    /// </summary>
    private static Filter Matching(string word, bool isLast, bool fuzzy)
    {
        var key = (word, isLast, fuzzy);
        if (Matches.TryGetValue(key, out var filter))
        {
            return filter;
        }

        var any = new BooleanQuery();
        foreach (var (field, _) in TextFields)
        {
            var term = new Term(field, word);
            any.Add(new TermQuery(term), Occur.SHOULD);
            if (fuzzy)
            {
                any.Add(new FuzzyQuery(term, maxEdits: 1), Occur.SHOULD);
            }

            if (isLast)
            {
                any.Add(ProductFilters.Prefix(term, 0f), Occur.SHOULD);
            }
        }

        filter = new CachedDocumentSet(new QueryWrapperFilter(any));
        return Matches.Count < MaxCachedMatches ? Matches.GetOrAdd(key, filter) : filter;
    }

    private sealed class WordQuery(Query scored, Filter matching)
    {
        public readonly Query Scored = scored;
        public readonly Filter MatchingDocuments = matching;
        public readonly Query Matching = new ConstantScoreQuery(matching) { Boost = 0f };
    }

    /// <summary>The documents in every one of the sets, per segment; none when one of them has none.</summary>
    private sealed class Intersection(Filter[] sets) : Filter
    {
        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits acceptDocs)
        {
            FixedBitSet? all = null;
            foreach (var set in sets)
            {
                // Each set applies acceptDocs (the live documents) itself.
                if (set.GetDocIdSet(context, acceptDocs)?.GetIterator() is not { } documents)
                {
                    return null;
                }

                if (all is null)
                {
                    all = new FixedBitSet(context.AtomicReader.MaxDoc);
                    all.Or(documents);
                }
                else
                {
                    all.And(documents);
                }
            }

            return all is null || all.Cardinality == 0 ? null : all;
        }
    }

    private sealed class ReaderWords
    {
        public readonly ConcurrentDictionary<(string Word, bool IsLast), WordQuery> Queries = new();
        public readonly ConcurrentDictionary<string, RankedText> Texts = new(StringComparer.Ordinal);
        public long RankedDocuments;
    }

    /// <summary>A text's searches by relevance on one reader, and its match once ranked.</summary>
    private sealed class RankedText
    {
        public int Searches;
        public RankedMatch? Match;
    }
}

/// <summary>
/// A scored query's match in each segment of one reader (by the segment's ord among the reader's leaves), live documents
/// only, best score first. See <see cref="WordQueries.Ranked"/>.
/// </summary>
internal sealed class RankedMatch
{
    private static readonly RankedMatch TooLarge = new([], [], 0, fits: false);

    private readonly int[][] docs;
    private readonly float[][] scores;

    private RankedMatch(int[][] docs, float[][] scores, long count, bool fits)
    {
        this.docs = docs;
        this.scores = scores;
        Count = count;
        Fits = fits;
    }

    /// <summary>The matching documents of every segment.</summary>
    public long Count { get; }

    /// <summary>False when the match had more documents than it was allowed to keep: then it keeps none.</summary>
    public bool Fits { get; }

    public int[] Docs(int segment) => docs[segment];

    public float[] Scores(int segment) => scores[segment];

    /// <summary>Scores the query against every segment of the searcher's reader, as a search of it alone would.</summary>
    public static RankedMatch Of(IndexSearcher searcher, Query query, long maxDocuments)
    {
        var weight = searcher.CreateNormalizedWeight(query);
        var leaves = searcher.IndexReader.Leaves;
        var docs = new int[leaves.Count][];
        var scores = new float[leaves.Count][];
        var segmentDocs = new List<int>();
        var segmentScores = new List<float>();
        long count = 0;
        foreach (var leaf in leaves)
        {
            segmentDocs.Clear();
            segmentScores.Clear();
            if (weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs) is { } scorer)
            {
                for (var doc = scorer.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = scorer.NextDoc())
                {
                    segmentDocs.Add(doc);
                    segmentScores.Add(-scorer.GetScore()); // negated: sorted ascending, the best come first
                }
            }

            count += segmentDocs.Count;
            if (count > maxDocuments)
            {
                return TooLarge;
            }

            var (ordered, keys) = (segmentDocs.ToArray(), segmentScores.ToArray());
            Array.Sort(keys, ordered);
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = -keys[i];
            }

            docs[leaf.Ord] = ordered;
            scores[leaf.Ord] = keys;
        }

        return new RankedMatch(docs, scores, count, fits: true);
    }
}
