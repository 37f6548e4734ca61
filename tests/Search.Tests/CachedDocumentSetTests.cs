using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using MarketMicro.Search.Lucene;

namespace MarketMicro.Search.Tests;

/// <summary>
/// The search's cached document sets: a few documents kept as their numbers, many as a bit set, and either one walked
/// and advanced exactly as the filter it caches, with deleted documents still left out.
/// </summary>
public sealed class CachedDocumentSetTests : IDisposable
{
    private const int Documents = 1000;
    // The segment's last document is among the rare ones: a set must end exactly where the segment does.
    private static readonly int[] Rare = Enumerable.Range(0, Documents).Where(doc => doc % 97 == 0 || doc == Documents - 1).ToArray();
    private static readonly int[] Common = Enumerable.Range(0, Documents).Where(doc => doc % 2 == 0).ToArray();

    private readonly RAMDirectory directory = new();
    private readonly IndexWriter writer;

    public CachedDocumentSetTests()
    {
        writer = new IndexWriter(directory, new IndexWriterConfig(ShopAnalyzer.Version, new KeywordAnalyzer()));
        for (var doc = 0; doc < Documents; doc++)
        {
            var document = new Document { new StringField("id", doc.ToString(), Field.Store.NO) };
            if (Rare.Contains(doc))
            {
                document.Add(new StringField("word", "rare", Field.Store.NO));
            }

            if (Common.Contains(doc))
            {
                document.Add(new StringField("word", "common", Field.Store.NO));
            }

            writer.AddDocument(document);
        }

        writer.ForceMerge(1);
        writer.Commit();
    }

    [Theory]
    [InlineData("rare", typeof(CachedDocumentSet.SortedDocuments))]
    [InlineData("common", typeof(FixedBitSet))]
    public void AFewDocumentsAreKeptAsNumbersManyAsBitsAndEitherWalksAsTheFilter(string word, Type kept)
    {
        using var reader = DirectoryReader.Open(directory);
        var segment = reader.Leaves.Single();
        var cached = Cache(word);

        var set = cached.GetDocIdSet(segment, acceptDocs: null)!;

        Assert.IsType(kept, set);
        Assert.Equal(Expected(word), Walk(set.GetIterator()));
        Assert.Equal(Expected(word), Walk(cached.GetDocIdSet(segment, acceptDocs: null)!.GetIterator())); // from the cache
    }

    [Theory]
    [InlineData("rare")]
    [InlineData("common")]
    public void AdvanceFindsTheFirstDocumentAtOrPastTheTargetAndNoneBeyondTheLast(string word)
    {
        using var reader = DirectoryReader.Open(directory);
        var segment = reader.Leaves.Single();
        var cached = Cache(word);
        var expected = Expected(word);

        for (var target = 0; target <= Documents + 1; target += 7)
        {
            var iterator = cached.GetDocIdSet(segment, acceptDocs: null)!.GetIterator();
            var first = expected.Where(doc => doc >= target).DefaultIfEmpty(DocIdSetIterator.NO_MORE_DOCS).First();
            Assert.Equal(first, iterator.Advance(target));
            Assert.Equal(first, iterator.DocID);
            if (first != DocIdSetIterator.NO_MORE_DOCS)
            {
                Assert.Equal(expected.Where(doc => doc > first).DefaultIfEmpty(DocIdSetIterator.NO_MORE_DOCS).First(), iterator.NextDoc());
            }
        }

        // Walking on from a document the walk has reached, and past the end, keeps answering "no more".
        var walked = cached.GetDocIdSet(segment, acceptDocs: null)!.GetIterator();
        Assert.Equal(expected[^1], walked.Advance(expected[^1]));
        Assert.Equal(DocIdSetIterator.NO_MORE_DOCS, walked.NextDoc());
        Assert.Equal(DocIdSetIterator.NO_MORE_DOCS, walked.Advance(Documents + 5));
        Assert.Equal(DocIdSetIterator.NO_MORE_DOCS, walked.DocID);
    }

    [Theory]
    [InlineData("rare")]
    [InlineData("common")]
    public void DeletedDocumentsAreLeftOutOfTheCachedSet(string word)
    {
        var cached = Cache(word);
        using (var before = DirectoryReader.Open(directory))
        {
            Assert.Equal(Expected(word), Walk(cached.GetDocIdSet(before.Leaves.Single(), acceptDocs: null)!.GetIterator()));
        }

        writer.DeleteDocuments(new Term("id", "194"), new Term("id", "0"));
        writer.Commit();
        using var after = DirectoryReader.Open(directory);
        var segment = after.Leaves.Single();

        var set = cached.GetDocIdSet(segment, segment.AtomicReader.LiveDocs)!;

        Assert.Equal(Expected(word).Except([0, 194]), Walk(set.GetIterator()));
    }

    public void Dispose()
    {
        writer.Dispose();
        directory.Dispose();
    }

    private static CachedDocumentSet Cache(string word) => new(new QueryWrapperFilter(new TermQuery(new Term("word", word))));

    private static int[] Expected(string word) => word == "rare" ? Rare : Common;

    private static List<int> Walk(DocIdSetIterator iterator)
    {
        var docs = new List<int>();
        for (var doc = iterator.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = iterator.NextDoc())
        {
            docs.Add(doc);
        }

        return docs;
    }
}
