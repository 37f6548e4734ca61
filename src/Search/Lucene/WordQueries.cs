using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

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
    /// <summary>Bounds the words kept per reader; a word past it is expanded for its search alone.</summary>
    private const int MaxCachedWords = 4096;

    /// <summary>Bounds the words whose matching documents are kept; a word past it is matched for its search alone.</summary>
    private const int MaxCachedMatches = 1024;

    private static readonly (string Field, float Boost)[] TextFields =
        [(ProductDocuments.Name, 3f), (ProductDocuments.CategoryText, 2f), (ProductDocuments.Description, 1f)];

    private static readonly ConditionalWeakTable<IndexReader, ConcurrentDictionary<(string Word, bool IsLast), WordQuery>> ByReader = new();

    private static readonly ConcurrentDictionary<(string Word, bool IsLast, bool Fuzzy), Filter> Matches = new();

    /// <summary>
    /// The word's query. <paramref name="scored"/>: one that scores every document it matches (for the relevance order);
    /// otherwise the same documents as one cached document set per segment core, which Lucene walks as one iterator
    /// instead of merging three to nine term, prefix and typo iterators through a heap for every matching document (the
    /// top of the profile of searches sorted by price, date or name).
    /// </summary>
    public static Query For(IndexReader reader, string word, bool isLast, bool scored)
    {
        var words = ByReader.GetValue(reader, _ => new());
        if (!words.TryGetValue((word, isLast), out var query))
        {
            query = Expand(word, isLast, reader);
            if (words.Count < MaxCachedWords)
            {
                query = words.GetOrAdd((word, isLast), query);
            }
        }

        return scored ? query.Scored : query.Matching;
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

        return new WordQuery(any, new ConstantScoreQuery(Matching(word, isLast, fuzzy)) { Boost = 0f });
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

        filter = new CachingWrapperFilter(new QueryWrapperFilter(any));
        return Matches.Count < MaxCachedMatches ? Matches.GetOrAdd(key, filter) : filter;
    }

    private sealed record WordQuery(Query Scored, Query Matching);
}
