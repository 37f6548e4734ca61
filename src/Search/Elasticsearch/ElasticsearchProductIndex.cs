using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketMicro.Grains.Search;
using MarketMicro.Products;
using Microsoft.Extensions.Logging;

namespace MarketMicro.Search.Elasticsearch;

/// <summary>
/// The search index in Elasticsearch 8, over its REST API. The index is created with an explicit mapping on first
/// use; writes are bulk requests with external versions (a stale product version never overwrites a newer one);
/// 429 and 5xx answers are retried with exponential backoff. The projection checkpoint is kept in the index mapping's
/// <c>_meta</c>, so it goes wherever the index goes (deleted with it, restored with a snapshot of it).
/// </summary>
public sealed class ElasticsearchProductIndex(HttpClient http, ElasticsearchOptions options, ILogger<ElasticsearchProductIndex> logger)
    : IProductSearchIndex
{
    private const int MaxAttempts = 4;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private readonly SemaphoreSlim ensure = new(1, 1);
    private bool indexReady;

    public async Task UpsertAsync(IReadOnlyList<ProductSnapshot> products, CancellationToken cancellationToken = default)
    {
        if (products.Count == 0)
        {
            return;
        }

        await EnsureIndexAsync(cancellationToken);
        var lines = new StringBuilder();
        foreach (var product in products)
        {
            var target = new JsonObject { ["_index"] = options.Index, ["_id"] = product.Id.ToString(), ["version"] = product.Version, ["version_type"] = "external_gte" };
            if (product.Deleted)
            {
                lines.Append(new JsonObject { ["delete"] = target }.ToJsonString()).Append('\n');
            }
            else
            {
                lines.Append(new JsonObject { ["index"] = target }.ToJsonString()).Append('\n');
                lines.Append(ElasticsearchRequests.Document(product).ToJsonString()).Append('\n');
            }
        }

        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "_bulk?refresh=wait_for")
        {
            Content = new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson"),
        }, cancellationToken);
        var body = await ReadJsonAsync(response, cancellationToken);
        ThrowOnItemErrors(body);
    }

    public async Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default)
    {
        await EnsureIndexAsync(cancellationToken);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Delete, $"{options.Index}/_doc/{productId}?refresh=wait_for"), cancellationToken, HttpStatusCode.NotFound);
    }

    public bool IsLocalReplica => false;

    public async Task<ProductSearchResult> SearchAsync(ProductQuery query, CancellationToken cancellationToken = default)
    {
        query.EnsureWithinResultWindow();
        var body = await SearchBodyAsync(ElasticsearchRequests.Search(query, withHits: true), cancellationToken);
        if (body is null)
        {
            return new ProductSearchResult([], 0, new ProductFacets([], PriceBuckets.All.Select(b => new PriceRangeCount(b.From, b.To, 0)).ToList()));
        }

        var hits = body["hits"]!;
        var items = hits["hits"]!.AsArray()
            .Select(hit => hit!["_source"]!["product"].Deserialize<ProductSnapshot>()!)
            .ToList();
        return new ProductSearchResult(items, hits["total"]!["value"]!.GetValue<int>(), Facets(body));
    }

    public async Task<IReadOnlyList<FacetCount>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        var body = await SearchBodyAsync(ElasticsearchRequests.Search(new ProductQuery(null, null, null, null, null, ProductSort.Name, 0, 0), withHits: false), cancellationToken);
        return body is null ? [] : Facets(body).Categories.OrderBy(c => c.Value, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{options.Index}/_count"), cancellationToken, HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.NotFound ? 0 : (await ReadJsonAsync(response, cancellationToken))["count"]!.GetValue<long>();
    }

    /// <summary>Pages through every document by id with <c>search_after</c>, reading only the version.</summary>
    public async Task<IReadOnlyDictionary<Guid, long>> VersionsAsync(CancellationToken cancellationToken = default)
    {
        var versions = new Dictionary<Guid, long>();
        JsonNode? after = null;
        while (await SearchBodyAsync(ElasticsearchRequests.Versions(after), cancellationToken) is { } body
            && body["hits"]!["hits"]!.AsArray() is { Count: > 0 } hits)
        {
            foreach (var hit in hits)
            {
                versions[Guid.Parse(hit!["_id"]!.GetValue<string>())] = hit["_source"]!["version"]!.GetValue<long>();
            }

            after = hits[^1]!["sort"]!.DeepClone();
        }

        return versions;
    }

    public async Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{options.Index}/_mapping"), cancellationToken, HttpStatusCode.NotFound);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        // Keyed by the concrete index name, which differs from the configured one when that is an alias.
        var index = (await ReadJsonAsync(response, cancellationToken)).AsObject().Select(entry => entry.Value).FirstOrDefault();
        return index?["mappings"]?["_meta"]?[ElasticsearchRequests.CheckpointKey]?.GetValue<string>();
    }

    public async Task SetCheckpointAsync(string checkpoint, CancellationToken cancellationToken = default)
    {
        await EnsureIndexAsync(cancellationToken);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, $"{options.Index}/_mapping")
        {
            Content = new StringContent(ElasticsearchRequests.Checkpoint(checkpoint).ToJsonString(), Encoding.UTF8, "application/json"),
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes the index and creates it again, empty and without a checkpoint. (Deleting the documents instead would
    /// leave version tombstones that refuse the same versions when they are indexed again.)
    /// </summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, options.Index), cancellationToken, HttpStatusCode.NotFound);
        indexReady = false;
        await EnsureIndexAsync(cancellationToken);
    }

    private async Task<JsonNode?> SearchBodyAsync(JsonObject request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"{options.Index}/_search")
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"),
        }, cancellationToken, HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadJsonAsync(response, cancellationToken);
    }

    private static ProductFacets Facets(JsonNode body)
    {
        var aggregations = body["aggregations"]!;
        var categories = aggregations["categories"]!["buckets"]!.AsArray()
            .Select(b => new FacetCount(b!["key"]!.GetValue<string>(), b["doc_count"]!.GetValue<int>()))
            .ToList();
        var prices = aggregations["prices"]!["buckets"]!.AsArray()
            .Select(b => new PriceRangeCount(b!["from"]?.GetValue<decimal>(), b["to"]?.GetValue<decimal>(), b["doc_count"]!.GetValue<int>()))
            .ToList();
        return new ProductFacets(categories, prices);
    }

    /// <summary>Bulk answers 200 even when items fail: a version conflict (older version) is expected, anything else is an error.</summary>
    private static void ThrowOnItemErrors(JsonNode body)
    {
        if (body["errors"]?.GetValue<bool>() != true)
        {
            return;
        }

        var failures = body["items"]!.AsArray()
            .Select(item => item!.AsObject().First().Value!)
            .Where(result => result["error"] is not null && result["status"]!.GetValue<int>() != (int)HttpStatusCode.Conflict)
            .Select(result => $"{result["_id"]}: {result["error"]!["type"]} {result["error"]!["reason"]}")
            .ToList();
        if (failures.Count > 0)
        {
            throw new ElasticsearchException($"Bulk indexing failed for {failures.Count} item(s): {string.Join("; ", failures.Take(5))}");
        }
    }

    private async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (indexReady)
        {
            return;
        }

        await ensure.WaitAsync(cancellationToken);
        try
        {
            if (indexReady)
            {
                return;
            }

            using var exists = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, options.Index), cancellationToken, HttpStatusCode.NotFound);
            if (exists.StatusCode == HttpStatusCode.NotFound)
            {
                using var created = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, options.Index)
                {
                    Content = new StringContent(ElasticsearchRequests.IndexDefinition().ToJsonString(), Encoding.UTF8, "application/json"),
                }, cancellationToken, HttpStatusCode.BadRequest);
                if (created.StatusCode == HttpStatusCode.BadRequest && !(await created.Content.ReadAsStringAsync(cancellationToken)).Contains("resource_already_exists_exception"))
                {
                    throw new ElasticsearchException($"Creating index {options.Index} was refused.");
                }

                logger.LogInformation("Created Elasticsearch index {Index}", options.Index);
            }

            indexReady = true;
        }
        finally
        {
            ensure.Release();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            message.Headers.Authorization = options.Authorization;
            var response = await http.SendAsync(message, cancellationToken);
            if (response.IsSuccessStatusCode || accepted.Contains(response.StatusCode))
            {
                return response;
            }

            var retryable = response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            if (!retryable || attempt == MaxAttempts)
            {
                var detail = await response.Content.ReadAsStringAsync(cancellationToken);
                response.Dispose();
                throw new ElasticsearchException($"Elasticsearch answered {(int)response.StatusCode} to {message.Method} {message.RequestUri}: {detail[..Math.Min(detail.Length, 300)]}");
            }

            response.Dispose();
            logger.LogWarning("Elasticsearch answered {Status}; retrying in {Delay} ms", (int)response.StatusCode, backoff.TotalMilliseconds);
            await Task.Delay(backoff, cancellationToken);
            backoff *= 2;
        }
    }

    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonNode.Parse(await response.Content.ReadAsStreamAsync(cancellationToken))!;
}

public sealed class ElasticsearchException(string message) : Exception(message);
