using System.Net.Http.Headers;
using System.Text;

namespace MarketMicro.Search.Elasticsearch;

/// <summary>
/// <c>ConnectionStrings:Elasticsearch</c> is the cluster URL; credentials may sit in it (<c>https://user:pass@host:9200</c>)
/// or come from <c>Elasticsearch:Username</c>/<c>Password</c>, or an API key from <c>Elasticsearch:ApiKey</c>.
/// </summary>
public sealed record ElasticsearchOptions(Uri Url, string Index, string? Username, string? Password, string? ApiKey)
{
    public static ElasticsearchOptions Parse(string connectionString, string? index = null, string? username = null, string? password = null, string? apiKey = null)
    {
        var uri = new Uri(connectionString.TrimEnd('/') + "/");
        var user = username;
        var secret = password;
        if (uri.UserInfo is { Length: > 0 } info)
        {
            var parts = info.Split(':', 2);
            user ??= Uri.UnescapeDataString(parts[0]);
            secret ??= parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
            uri = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
        }

        return new ElasticsearchOptions(uri, string.IsNullOrWhiteSpace(index) ? "market-micro-products" : index, user, secret, apiKey);
    }

    public AuthenticationHeaderValue? Authorization => ApiKey is { Length: > 0 }
        ? new AuthenticationHeaderValue("ApiKey", ApiKey)
        : Username is { Length: > 0 }
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")))
            : null;
}
