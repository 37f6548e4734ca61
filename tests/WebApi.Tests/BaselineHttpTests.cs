using System.Net;
using System.Text;

namespace MarketMicro.WebApi.Tests;

[Collection(ShopCollection.Name)]
public sealed class BaselineHttpTests(ShopApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task LivenessAnswers200()
    {
        var response = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadinessAnswers200OnceStorageIsReachableAndTheSiloIsActive()
    {
        var response = await client.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("storage", body);
        Assert.Contains("cluster", body);
    }

    [Fact]
    public async Task EmbeddedDefaultCreatesTheSqliteFileInTheDataDirectory()
    {
        await client.GetAsync("/health/ready");
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "marketmicro.db")));
    }

    [Fact]
    public async Task UnknownRouteAnswers404ProblemJson()
    {
        var response = await client.GetAsync("/api/v1/no-such-thing");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethodAnswers405ProblemJson()
    {
        var response = await client.DeleteAsync("/openapi/v1.json");
        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task BodyOverTheLimitAnswers413ProblemJson()
    {
        var oversized = new StringContent($"{{\"name\":\"{new string('x', 70 * 1024)}\"}}", Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/v1/users/register", oversized);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task OpenApiDescriptionIsServed()
    {
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"openapi\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BrowsableDocsAreServed()
    {
        var response = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
    }
}
