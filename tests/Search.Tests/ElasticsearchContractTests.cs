using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.Search.Elasticsearch;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.Search.Tests;

/// <summary>
/// The Elasticsearch adapter against the HTTP contract of Elasticsearch 8: the requests it sends and the responses
/// it must parse. (No Elasticsearch server can run here; the live suite runs when ELASTICSEARCH_URL is set.)
/// </summary>
public sealed class ElasticsearchContractTests
{
    private static readonly ProductSnapshot Headphones = new(
        Guid.Parse("0b8f6a52-54a3-4d57-9a8e-1f1a3c1c2d01"), new ProductDetails("Wireless Headphones", "Over-ear", 149.99m, "Audio", null), 5, 0,
        new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc), false, 4);

    private readonly FakeElasticsearch server = new();

    [Fact]
    public async Task TheFirstWriteCreatesTheIndexWithAnExplicitMappingThenBulkIndexesWithExternalVersions()
    {
        server.On("HEAD", "/products", HttpStatusCode.NotFound, "");
        server.On("PUT", "/products", HttpStatusCode.OK, """{"acknowledged":true,"shards_acknowledged":true,"index":"products"}""");
        server.On("POST", "/_bulk", HttpStatusCode.OK, """{"took":3,"errors":false,"items":[{"index":{"_index":"products","_id":"x","_version":4,"result":"created","status":201}},{"delete":{"_index":"products","_id":"y","status":200}}]}""");

        await Index().UpsertAsync([Headphones, Headphones with { Id = Guid.NewGuid(), Deleted = true, Version = 9 }]);

        var mapping = JsonNode.Parse(server.Requests.Single(r => r.Method == "PUT").Body)!["mappings"]!["properties"]!;
        Assert.Equal("text", mapping["name"]!["type"]!.GetValue<string>());
        Assert.Equal("keyword", mapping["category"]!["fields"]!["keyword"]!["type"]!.GetValue<string>());
        Assert.Equal("scaled_float", mapping["price"]!["type"]!.GetValue<string>());
        Assert.Equal("boolean", mapping["in_stock"]!["type"]!.GetValue<string>());
        Assert.Equal("date", mapping["created_at"]!["type"]!.GetValue<string>());

        var bulk = server.Requests.Single(r => r.Path == "/_bulk");
        Assert.Equal("application/x-ndjson", bulk.ContentType);
        var lines = bulk.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(Headphones.Id.ToString(), lines[0]["index"]!["_id"]!.GetValue<string>());
        Assert.Equal(4, lines[0]["index"]!["version"]!.GetValue<long>());
        Assert.Equal("external_gte", lines[0]["index"]!["version_type"]!.GetValue<string>());
        Assert.Equal("Wireless Headphones", lines[1]["name"]!.GetValue<string>());
        Assert.True(lines[1]["in_stock"]!.GetValue<bool>());
        Assert.NotNull(lines[2]["delete"]);
    }

    [Fact]
    public async Task VersionsPageThroughEveryDocumentByIdWithSearchAfterReadingOnlyTheVersion()
    {
        var other = Guid.Parse("0b8f6a52-54a3-4d57-9a8e-1f1a3c1c2d02");
        server.On("POST", "/products/_search", HttpStatusCode.OK, $$$"""
            {"hits":{"hits":[{"_id":"{{{Headphones.Id}}}","_source":{"version":4},"sort":["{{{Headphones.Id}}}"]},{"_id":"{{{other}}}","_source":{"version":9},"sort":["{{{other}}}"]}]}}
            """);
        server.On("POST", "/products/_search", HttpStatusCode.OK, """{"hits":{"hits":[]}}""");

        var versions = await Index().VersionsAsync();

        Assert.Equal(new Dictionary<Guid, long> { [Headphones.Id] = 4, [other] = 9 }, versions);
        var (first, second) = (JsonNode.Parse(server.Requests[0].Body)!, JsonNode.Parse(server.Requests[1].Body)!);
        Assert.Equal("asc", first["sort"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("version", first["_source"]![0]!.GetValue<string>());
        Assert.Null(first["search_after"]);
        Assert.Equal(other.ToString(), second["search_after"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task VersionsOfAMissingIndexAreEmpty()
    {
        server.On("POST", "/products/_search", HttpStatusCode.NotFound, """{"error":{"type":"index_not_found_exception"},"status":404}""");

        Assert.Empty(await Index().VersionsAsync());
    }

    [Fact]
    public async Task BulkToleratesStaleVersionsButFailsOnOtherItemErrors()
    {
        var index = Index();
        server.On("HEAD", "/products", HttpStatusCode.OK, "");
        server.On("POST", "/_bulk", HttpStatusCode.OK, """
            {"took":5,"errors":true,"items":[
              {"index":{"_index":"products","_id":"1","status":409,"error":{"type":"version_conflict_engine_exception","reason":"[1]: version conflict, current version [5] is higher or equal to the one provided [4]"}}}]}
            """);
        await index.UpsertAsync([Headphones]);

        server.On("POST", "/_bulk", HttpStatusCode.OK, """
            {"took":5,"errors":true,"items":[
              {"index":{"_index":"products","_id":"2","status":400,"error":{"type":"document_parsing_exception","reason":"[1:52] failed to parse field [price] of type [scaled_float]"}}}]}
            """);
        var failure = await Assert.ThrowsAsync<ElasticsearchException>(() => index.UpsertAsync([Headphones]));
        Assert.Contains("document_parsing_exception", failure.Message);
    }

    [Fact]
    public async Task SearchSendsFuzzyMultiMatchFiltersSortPagingAndAggregationsAndParsesTheAnswer()
    {
        server.On("POST", "/products/_search", HttpStatusCode.OK, SearchResponse);

        var result = await Index().SearchAsync(new ProductQuery("wireles headphnes", "Audio", 10m, 500m, true, ProductSort.PriceDesc, 20, 10));

        var body = JsonNode.Parse(server.Requests.Single().Body)!;
        var multiMatch = body["query"]!["bool"]!["must"]![0]!["multi_match"]!;
        Assert.Equal("wireles headphnes", multiMatch["query"]!.GetValue<string>());
        Assert.Equal("AUTO", multiMatch["fuzziness"]!.GetValue<string>());
        Assert.Contains("name^3", multiMatch["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        var filters = body["query"]!["bool"]!["filter"]!.AsArray().Select(f => f!.ToJsonString()).ToList();
        Assert.Contains(filters, f => f.Contains("\"category.folded\":\"audio\""));
        Assert.Contains(filters, f => f.Contains("\"gte\":10") && f.Contains("\"lte\":500"));
        Assert.Contains(filters, f => f.Contains("\"in_stock\":true"));
        Assert.Equal("""[{"price":"desc"},{"id":"asc"}]""", body["sort"]!.ToJsonString());
        Assert.Equal(20, body["from"]!.GetValue<int>());
        Assert.Equal(10, body["size"]!.GetValue<int>());
        Assert.Equal("category.keyword", body["aggs"]!["categories"]!["terms"]!["field"]!.GetValue<string>());
        Assert.Equal(5, body["aggs"]!["prices"]!["range"]!["ranges"]!.AsArray().Count);

        Assert.Equal(21, result.Total);
        Assert.Equal(Headphones, Assert.Single(result.Items));
        Assert.Equal([("Audio", 21)], result.Facets.Categories.Select(c => (c.Value, c.Count)));
        Assert.Equal([(null, 25m, 0), (25m, 50m, 0), (50m, 100m, 3), (100m, 250m, 18), (250m, null, 0)],
            result.Facets.PriceRanges.Select(p => (p.From, p.To, p.Count)));
    }

    [Fact]
    public async Task TooManyRequestsAndServerErrorsAreRetriedWithBackoffThenGivenUp()
    {
        server.On("GET", "/products/_count", HttpStatusCode.TooManyRequests, """{"error":{"type":"es_rejected_execution_exception"},"status":429}""");
        server.On("GET", "/products/_count", HttpStatusCode.OK, """{"count":42,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0}}""");
        Assert.Equal(42, await Index().CountAsync());

        for (var i = 0; i < 4; i++)
        {
            server.On("GET", "/products/_count", HttpStatusCode.ServiceUnavailable, """{"error":"unavailable","status":503}""");
        }

        await Assert.ThrowsAsync<ElasticsearchException>(() => Index().CountAsync());
        Assert.Equal(6, server.Requests.Count);
    }

    [Fact]
    public async Task CredentialsFromTheConnectionStringAreSentAsBasicAuth()
    {
        server.On("GET", "/products/_count", HttpStatusCode.OK, """{"count":0}""");
        var options = ElasticsearchOptions.Parse("http://elastic:s3cret@search.local:9200", "products");
        await new ElasticsearchProductIndex(server.Client(options.Url), options, NullLogger<ElasticsearchProductIndex>.Instance).CountAsync();

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:s3cret")), server.Requests.Single().Authorization);
        Assert.Equal("ApiKey abc", ElasticsearchOptions.Parse("http://h:9200", apiKey: "abc").Authorization!.ToString());
    }

    [Fact]
    public async Task TheCheckpointIsReadFromAndWrittenToTheIndexMappingMeta()
    {
        server.On("GET", "/products/_mapping", HttpStatusCode.OK,
            """{"products-v1":{"mappings":{"_meta":{"checkpoint":"2026-11-02T08:00:00.1230000Z"},"dynamic":"strict","properties":{}}}}""");
        Assert.Equal("2026-11-02T08:00:00.1230000Z", await Index().GetCheckpointAsync());

        server.On("HEAD", "/products", HttpStatusCode.OK, "");
        server.On("PUT", "/products/_mapping", HttpStatusCode.OK, """{"acknowledged":true}""");
        await Index().SetCheckpointAsync("2026-11-03T09:00:00.0000000Z");

        var update = JsonNode.Parse(server.Requests.Single(r => r.Method == "PUT").Body)!;
        Assert.Equal("2026-11-03T09:00:00.0000000Z", update["_meta"]!["checkpoint"]!.GetValue<string>());
        Assert.Equal(["_meta"], update.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task AMissingIndexOrOneWithoutMetaHasNoCheckpoint()
    {
        server.On("GET", "/products/_mapping", HttpStatusCode.NotFound, """{"error":{"type":"index_not_found_exception"},"status":404}""");
        Assert.Null(await Index().GetCheckpointAsync());

        server.On("GET", "/products/_mapping", HttpStatusCode.OK, """{"products":{"mappings":{"dynamic":"strict","properties":{}}}}""");
        Assert.Null(await Index().GetCheckpointAsync());
    }

    [Fact]
    public async Task ClearingDeletesTheIndexAndCreatesItAgainWithItsMapping()
    {
        var index = Index();
        server.On("HEAD", "/products", HttpStatusCode.OK, "");
        server.On("POST", "/_bulk", HttpStatusCode.OK, """{"took":1,"errors":false,"items":[]}""");
        await index.UpsertAsync([Headphones]);
        server.On("DELETE", "/products", HttpStatusCode.OK, """{"acknowledged":true}""");
        server.On("HEAD", "/products", HttpStatusCode.NotFound, "");
        server.On("PUT", "/products", HttpStatusCode.OK, """{"acknowledged":true,"shards_acknowledged":true,"index":"products"}""");

        await index.ClearAsync();

        Assert.Equal(["HEAD", "POST", "DELETE", "HEAD", "PUT"], server.Requests.Select(r => r.Method));
        Assert.NotNull(JsonNode.Parse(server.Requests[^1].Body)!["mappings"]!["properties"]!["product"]);
    }

    private ElasticsearchProductIndex Index()
    {
        var options = ElasticsearchOptions.Parse("http://search.local:9200", "products");
        return new ElasticsearchProductIndex(server.Client(options.Url), options, NullLogger<ElasticsearchProductIndex>.Instance);
    }

    private static string SearchResponse => """
        {"took":7,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
         "hits":{"total":{"value":21,"relation":"eq"},"max_score":null,
           "hits":[{"_index":"products","_id":"__ID__","_score":null,
                    "_source":{"id":"__ID__","name":"Wireless Headphones","product":__PRODUCT__},
                    "sort":[149.99,"__ID__"]}]},
         "aggregations":{
           "categories":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":"Audio","doc_count":21}]},
           "prices":{"buckets":[{"key":"*-25.0","to":25.0,"doc_count":0},{"key":"25.0-50.0","from":25.0,"to":50.0,"doc_count":0},
             {"key":"50.0-100.0","from":50.0,"to":100.0,"doc_count":3},{"key":"100.0-250.0","from":100.0,"to":250.0,"doc_count":18},
             {"key":"250.0-*","from":250.0,"doc_count":0}]}}}
        """.Replace("__ID__", Headphones.Id.ToString()).Replace("__PRODUCT__", JsonSerializer.Serialize(Headphones));

    [Fact]
    public async Task APagePastTheResultWindowIsRefusedWithoutAsking()
    {
        var options = ElasticsearchOptions.Parse("http://search.local:9200", "products");
        var index = new ElasticsearchProductIndex(server.Client(options.Url), options, NullLogger<ElasticsearchProductIndex>.Instance);

        await Assert.ThrowsAsync<ValidationException>(() =>
            index.SearchAsync(new ProductQuery("a", null, null, null, null, ProductSort.Relevance, PagingLimits.MaxResultWindow, 20)));

        Assert.Empty(server.Requests);
    }

    private sealed class FakeElasticsearch : HttpMessageHandler
    {
        private readonly List<(string Method, string Path, HttpStatusCode Status, string Body)> answers = [];

        public List<(string Method, string Path, string Body, string? ContentType, string? Authorization)> Requests { get; } = [];

        public void On(string method, string path, HttpStatusCode status, string body) => answers.Add((method, path, status, body));

        public HttpClient Client(Uri baseAddress) => new(this) { BaseAddress = baseAddress };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method.Method, request.RequestUri!.AbsolutePath, body, request.Content?.Headers.ContentType?.MediaType, request.Headers.Authorization?.ToString()));
            var index = answers.FindIndex(a => a.Method == request.Method.Method && a.Path == request.RequestUri.AbsolutePath);
            Assert.True(index >= 0, $"unexpected {request.Method} {request.RequestUri}");
            var answer = answers[index];
            answers.RemoveAt(index);
            return new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Body, Encoding.UTF8, "application/json") };
        }
    }
}
