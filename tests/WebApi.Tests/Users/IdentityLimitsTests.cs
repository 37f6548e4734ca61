using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.WebApi.Tests.Users;

public sealed class IdentityLimitsTests
{
    [Fact]
    public async Task CredentialRoutesAreRateLimitedPerClientAddress()
    {
        await using var factory = new SettingsFactory(("RateLimiting:Credentials:PermitLimit", "3"), ("RateLimiting:Credentials:WindowSeconds", "60"));
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/users/login", new { email = "x@example.com", password = "whatever pw" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await client.PostAsJsonAsync("/api/v1/users/register", new { email = "y@example.com", password = "whatever pw", name = "Y" });
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.TooManyRequests)]
    [InlineData("198.51.100.7", HttpStatusCode.Unauthorized)]
    public async Task ForwardedAddressesCountOnlyWhenTheyComeFromAConfiguredProxy(string? knownProxy, HttpStatusCode third)
    {
        await using var factory = new RemoteClientFactory([("RateLimiting:Credentials:PermitLimit", "2"), .. knownProxy is null ? [] : new[] { ("Http:KnownProxies", knownProxy) }]);
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/login")
            {
                Content = JsonContent.Create(new { email = "x@example.com", password = "whatever pw" }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal(third, statuses[2]);
    }

    [Fact]
    public async Task TheIdentityFlowWorksOnTheRealMariaDb()
    {
        await using var database = await TemporaryMySqlDatabase.CreateAsync();
        await using var factory = new SettingsFactory(("ConnectionStrings:MySql", database.ConnectionString));
        var client = factory.CreateClient();
        const string email = "maria@example.com";

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/users/register", new { email, password = "mariadb password", name = "Maria" })).StatusCode);
        var login = await client.PostAsJsonAsync("/api/v1/users/login", new { email, password = "mariadb password" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var refresh = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/users/refresh", new { refreshToken = refresh })).StatusCode);
        await (await client.PostAsJsonAsync("/api/v1/users/refresh", new { refreshToken = refresh })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheGeneratedSigningKeyIsKeptOwnerReadableAndTokensSurviveARestart()
    {
        using var data = new TemporaryDirectory();
        string access;
        await using (var first = new SettingsFactory(("Storage:DataDirectory", data.Path)))
        {
            var client = first.CreateClient();
            await client.PostAsJsonAsync("/api/v1/users/register", new { email = "keep@example.com", password = "keep password", name = "K" });
            var login = await client.PostAsJsonAsync("/api/v1/users/login", new { email = "keep@example.com", password = "keep password" });
            access = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        }

        var keyFile = Path.Combine(data.Path, "jwt-signing.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        await using var second = new SettingsFactory(("Storage:DataDirectory", data.Path));
        var again = second.CreateClient();
        again.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/users/me")).StatusCode);
    }

    private class SettingsFactory(params (string Key, string Value)[] settings) : ShopApiFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() => settings;
    }

    /// <summary>Requests arrive from a real client address (the in-process test server sets none), as through Kestrel.</summary>
    private sealed class RemoteClientFactory(params (string Key, string Value)[] settings) : SettingsFactory(settings)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RemoteAddress>());
        }

        private sealed class RemoteAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
        {
            public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
            {
                app.Use(following => context =>
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.7");
                    return following(context);
                });
                next(app);
            };
        }
    }
}
