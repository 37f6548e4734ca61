using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace MarketMicro.WebApi.Tests.Hardening;

/// <summary>Errors Kestrel or the framework would answer bare are problem+json with their status, on a real Kestrel listener.</summary>
public sealed class ErrorShapeTests(KestrelShop server) : IClassFixture<KestrelShop>
{
    [Fact]
    public async Task ARequestLineOverTheLimitAnswers414ProblemJson()
    {
        using var client = server.Factory.Customer();

        var response = await client.GetAsync($"/api/v1/products?q={new string('a', 9 * 1024)}");

        await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong);
    }

    [Fact]
    public async Task HeadersOverTheTotalLimitAnswer431ProblemJson()
    {
        using var client = server.Factory.Customer();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        for (var i = 0; i < 10; i++)
        {
            request.Headers.Add($"X-Filler-{i}", new string('h', 4 * 1024));
        }

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task TooManyHeadersAnswer431ProblemJson()
    {
        using var client = server.Factory.Customer();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        for (var i = 0; i < 150; i++)
        {
            request.Headers.Add($"X-Many-{i}", "1");
        }

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task RequestsJustWithinTheLimitsAreServed()
    {
        using var client = server.Factory.Customer();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/health/live?pad={new string('a', 7 * 1024)}");
        for (var i = 0; i < 6; i++)
        {
            request.Headers.Add($"X-Filler-{i}", new string('h', 4 * 1024));
        }

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task TheOversizedRequestLineIsAnsweredOverARawSocketToo()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Factory.CustomerUrl.Host, server.Factory.CustomerUrl.Port);
        var stream = socket.GetStream();
        var head = $"GET /{new string('x', 12 * 1024)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var answer = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 414", answer);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":414", answer);
    }

    [Theory]
    [InlineData("GET", "/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/users/login", HttpStatusCode.MethodNotAllowed)]
    public async Task RoutingErrorsAnswerProblemJsonEvenToABrowser(string method, string path, HttpStatusCode status)
    {
        using var client = server.Factory.Customer();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.AssertProblemAsync(status);
    }

    [Fact]
    public async Task AnUnsupportedMediaTypeAnswers415ProblemJson()
    {
        using var client = server.Factory.Customer();

        var response = await client.PostAsync("/api/v1/users/login", new StringContent("email=a@b.com", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AnOversizedChunkedBodyAnswers413ProblemJson()
    {
        using var client = server.Factory.Customer();
        var body = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"email\":\"{new string('x', 100 * 1024)}\"}}")));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/login") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
