using System.Text.Json.Nodes;
using MarketMicro.Products;

namespace MarketMicro.Search.Elasticsearch;

/// <summary>The JSON the adapter sends: index definition, bulk lines, search bodies (Elasticsearch 8 REST API).</summary>
internal static class ElasticsearchRequests
{
    public static JsonObject IndexDefinition() => new()
    {
        ["settings"] = new JsonObject
        {
            ["analysis"] = new JsonObject
            {
                ["analyzer"] = new JsonObject { ["shop"] = new JsonObject { ["type"] = "custom", ["tokenizer"] = "standard", ["filter"] = new JsonArray("lowercase", "asciifolding") } },
                ["normalizer"] = new JsonObject { ["folded"] = new JsonObject { ["type"] = "custom", ["filter"] = new JsonArray("lowercase", "asciifolding") } },
            },
        },
        ["mappings"] = new JsonObject
        {
            ["dynamic"] = "strict",
            ["properties"] = new JsonObject
            {
                ["id"] = new JsonObject { ["type"] = "keyword" },
                ["name"] = Text(new JsonObject { ["sort"] = new JsonObject { ["type"] = "keyword", ["normalizer"] = "folded" } }),
                ["description"] = new JsonObject { ["type"] = "text", ["analyzer"] = "shop" },
                ["category"] = Text(new JsonObject
                {
                    ["keyword"] = new JsonObject { ["type"] = "keyword" },
                    ["folded"] = new JsonObject { ["type"] = "keyword", ["normalizer"] = "folded" },
                }),
                ["price"] = new JsonObject { ["type"] = "scaled_float", ["scaling_factor"] = 100 },
                ["in_stock"] = new JsonObject { ["type"] = "boolean" },
                ["created_at"] = new JsonObject { ["type"] = "date" },
                ["version"] = new JsonObject { ["type"] = "long" },
                ["product"] = new JsonObject { ["type"] = "object", ["enabled"] = false },
            },
        },
    };

    public const string CheckpointKey = "checkpoint";

    /// <summary>The mapping update that stores the projection checkpoint in the index's <c>_meta</c>.</summary>
    public static JsonObject Checkpoint(string checkpoint) => new()
    {
        ["_meta"] = new JsonObject { [CheckpointKey] = checkpoint },
    };

    public const int VersionsPageSize = 1000;

    /// <summary>One page of id and version of every document, in id order, after the previous page's last sort value.</summary>
    public static JsonObject Versions(JsonNode? after)
    {
        var request = new JsonObject
        {
            ["size"] = VersionsPageSize,
            ["_source"] = new JsonArray("version"),
            ["sort"] = new JsonArray(new JsonObject { ["id"] = "asc" }),
            ["track_total_hits"] = false,
        };
        if (after is not null)
        {
            request["search_after"] = after;
        }

        return request;
    }

    public static JsonObject Document(ProductSnapshot product) => new()
    {
        ["id"] = product.Id.ToString(),
        ["name"] = product.Name,
        ["description"] = product.Description,
        ["category"] = product.Category,
        ["price"] = product.Price,
        ["in_stock"] = product.InStock,
        ["created_at"] = DateTime.SpecifyKind(product.CreatedAt, DateTimeKind.Utc),
        ["version"] = product.Version,
        ["product"] = System.Text.Json.JsonSerializer.SerializeToNode(product),
    };

    public static JsonObject Search(ProductQuery query, bool withHits)
    {
        var filters = new JsonArray();
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            filters.Add(new JsonObject { ["term"] = new JsonObject { ["category.folded"] = query.Category.Trim().ToLowerInvariant() } });
        }

        if (query.MinPrice is not null || query.MaxPrice is not null)
        {
            var range = new JsonObject();
            if (query.MinPrice is { } min)
            {
                range["gte"] = min;
            }

            if (query.MaxPrice is { } max)
            {
                range["lte"] = max;
            }

            filters.Add(new JsonObject { ["range"] = new JsonObject { ["price"] = range } });
        }

        if (query.InStock is { } inStock)
        {
            filters.Add(new JsonObject { ["term"] = new JsonObject { ["in_stock"] = inStock } });
        }

        JsonNode must = string.IsNullOrWhiteSpace(query.Text)
            ? new JsonObject { ["match_all"] = new JsonObject() }
            : new JsonObject
            {
                ["multi_match"] = new JsonObject
                {
                    ["query"] = query.Text,
                    ["type"] = "bool_prefix",
                    ["fields"] = new JsonArray("name^3", "category^2", "description"),
                    ["fuzziness"] = "AUTO",
                    ["operator"] = "and",
                },
            };

        var body = new JsonObject
        {
            ["from"] = withHits ? query.Skip : 0,
            ["size"] = withHits ? query.Take : 0,
            ["track_total_hits"] = true,
            ["query"] = new JsonObject { ["bool"] = new JsonObject { ["must"] = new JsonArray(must), ["filter"] = filters } },
            ["aggs"] = Aggregations(),
        };
        if (withHits)
        {
            body["sort"] = Sort(query);
        }

        return body;
    }

    private static JsonObject Aggregations() => new()
    {
        ["categories"] = new JsonObject { ["terms"] = new JsonObject { ["field"] = "category.keyword", ["size"] = 1000 } },
        ["prices"] = new JsonObject
        {
            ["range"] = new JsonObject
            {
                ["field"] = "price",
                ["ranges"] = new JsonArray(PriceBuckets.All.Select(bucket =>
                {
                    var range = new JsonObject();
                    if (bucket.From is { } from)
                    {
                        range["from"] = from;
                    }

                    if (bucket.To is { } to)
                    {
                        range["to"] = to;
                    }

                    return (JsonNode)range;
                }).ToArray()),
            },
        },
    };

    private static JsonArray Sort(ProductQuery query) => new(ProductSorting.KeysFor(query)
        .Select(key => (JsonNode)new JsonObject { [SortFieldName(key.Field)] = key.Descending ? "desc" : "asc" })
        .ToArray());

    private static string SortFieldName(ProductSortField field) => field switch
    {
        ProductSortField.Score => "_score",
        ProductSortField.Price => "price",
        ProductSortField.Name => "name.sort",
        ProductSortField.CreatedAt => "created_at",
        _ => "id",
    };

    private static JsonObject Text(JsonObject fields) => new() { ["type"] = "text", ["analyzer"] = "shop", ["fields"] = fields };
}
