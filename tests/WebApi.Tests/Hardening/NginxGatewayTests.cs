using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MarketMicro.TestSupport;

namespace MarketMicro.WebApi.Tests.Hardening;

/// <summary>
/// deploy/nginx/shop.conf.template, rendered and run from a temporary folder on a free port in front of the shop:
/// every error NGINX answers itself is problem+json with its status. Skipped, with that reason, where no nginx is
/// installed (<c>apt-get install nginx</c>; <c>scripts/cluster.sh</c> installs it).
/// </summary>
public sealed class NginxGatewayTests(NginxGatewayTests.Gateway gateway) : IClassFixture<NginxGatewayTests.Gateway>
{
    [SkippableFact]
    public async Task ARequestLineOverEightKibibytesAnswers414ProblemJson()
    {
        using var client = gateway.Client();

        var response = await client.GetAsync($"/api/v1/products?q={new string('a', 9 * 1024)}");

        await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong);
    }

    [SkippableFact]
    public async Task AHeaderOverEightKibibytesAnswers431ProblemJson()
    {
        using var client = gateway.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Big", new string('h', 9 * 1024));

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [SkippableFact]
    public async Task AMalformedRequestAnswers400ProblemJson()
    {
        var answer = await gateway.RawAsync("GET / HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("Content-Type: application/problem+json", answer);
        Assert.Contains("\"status\":400", answer);
    }

    [SkippableFact]
    public async Task TheGatewaysOwnErrorPagesCannotBeRequestedAndAnswer404ProblemJson()
    {
        using var client = gateway.Client();

        var response = await client.GetAsync("/_problem/502");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task TheApplicationsOwnProblemsPassThroughUnchanged()
    {
        using var client = gateway.Client();

        var response = await client.GetAsync("/api/v1/no-such-thing");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("/api/v1/no-such-thing", problem.GetProperty("instance").GetString());
    }

    public sealed class Gateway : IAsyncLifetime
    {
        private const string NotInstalled = "nginx is not installed on this machine (apt-get install nginx); the gateway configuration is not tested.";

        private readonly TemporaryDirectory folder = new();
        private readonly KestrelShopFactory shop = new(settings: ("Http:KnownProxies", "127.0.0.1"));
        private readonly Process? nginx;
        private readonly int port = FreePort.Next();

        public Gateway()
        {
            if (FindNginx() is not { } executable)
            {
                return;
            }

            shop.StartServer();
            var template = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "nginx", "shop.conf.template"));
            File.WriteAllText(Path.Combine(folder.Path, "shop.conf"), template
                .Replace("${UPSTREAMS}", $"server 127.0.0.1:{shop.CustomerUrl.Port};")
                .Replace("${LISTEN}", $"127.0.0.1:{port}"));
            File.WriteAllText(Path.Combine(folder.Path, "nginx.conf"), $$"""
                worker_processes 1;
                daemon off;
                pid {{folder.Path}}/nginx.pid;
                error_log {{folder.Path}}/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path {{folder.Path}}/body;
                    proxy_temp_path {{folder.Path}}/proxy;
                    fastcgi_temp_path {{folder.Path}}/fastcgi;
                    uwsgi_temp_path {{folder.Path}}/uwsgi;
                    scgi_temp_path {{folder.Path}}/scgi;
                    include {{folder.Path}}/shop.conf;
                }
                """);
            nginx = Process.Start(new ProcessStartInfo(executable, ["-p", folder.Path, "-e", Path.Combine(folder.Path, "error.log"), "-c", Path.Combine(folder.Path, "nginx.conf")])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            WaitUntilListening();
        }

        public HttpClient Client()
        {
            Skip.If(nginx is null, NotInstalled);
            return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        }

        /// <summary>Sends bytes as they are (requests no HTTP client would form) and returns all NGINX answers.</summary>
        public async Task<string> RawAsync(string request)
        {
            Skip.If(nginx is null, NotInstalled);
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, port);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(timeout.Token);
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (nginx is not null)
            {
                nginx.Kill(entireProcessTree: true);
                await nginx.WaitForExitAsync();
                nginx.Dispose();
            }

            await shop.DisposeAsync();
            folder.Dispose();
        }

        private void WaitUntilListening()
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline && nginx is { HasExited: false })
                {
                    Thread.Sleep(100);
                }
                catch (SocketException)
                {
                    throw new InvalidOperationException($"nginx did not start: {(nginx is { HasExited: true } ? nginx.StandardError.ReadToEnd() : "no answer in 10 s")}");
                }
            }
        }

        private static string? FindNginx() =>
            new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx", "/usr/local/bin/nginx" }.FirstOrDefault(File.Exists);

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "MarketMicro.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("MarketMicro.sln not found above the test assembly.");
        }
    }
}
