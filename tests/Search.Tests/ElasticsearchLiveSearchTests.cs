using MarketMicro.Grains.Search;
using MarketMicro.Search.Elasticsearch;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.Search.Tests;

/// <summary>
/// The same behaviour suite against a live Elasticsearch 8, when <c>ELASTICSEARCH_URL</c> names one (credentials may be
/// in the URL). No Elasticsearch can be installed on the project's machines, so without it these report as skipped,
/// with the reason; the adapter's HTTP contract is covered by <see cref="ElasticsearchContractTests"/> everywhere.
/// </summary>
public sealed class ElasticsearchLiveSearchTests : SearchBehaviourTests
{
    private static readonly string? Url = Environment.GetEnvironmentVariable("ELASTICSEARCH_URL");
    private readonly string indexName = $"market-micro-test-{Guid.NewGuid():N}";
    private HttpClient? http;

    protected override Task<IProductSearchIndex> CreateIndexAsync()
    {
        Skip.If(string.IsNullOrWhiteSpace(Url), "ELASTICSEARCH_URL is not set: the live Elasticsearch suite needs a server (none can be installed here).");
        var options = ElasticsearchOptions.Parse(Url!, indexName);
        http = new HttpClient { BaseAddress = options.Url };
        return Task.FromResult<IProductSearchIndex>(new ElasticsearchProductIndex(http, options, NullLogger<ElasticsearchProductIndex>.Instance));
    }

    protected override async Task DisposeIndexAsync()
    {
        if (http is not null)
        {
            var options = ElasticsearchOptions.Parse(Url!, indexName);
            using var delete = new HttpRequestMessage(HttpMethod.Delete, indexName);
            delete.Headers.Authorization = options.Authorization;
            await http.SendAsync(delete);
            http.Dispose();
        }
    }
}
