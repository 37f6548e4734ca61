using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.WebApi.Tests.Hardening;

/// <summary>Wrong passwords slow down the address they come from; nobody can keep a known account out.</summary>
public sealed class SignInThrottleHttpTests
{
    private const string Password = "the owner's password";

    [Fact]
    public async Task TheOwnerSignsInFromAnotherAddressWhileTheAttackersAddressIsThrottled()
    {
        await using var factory = new BehindProxyFactory();
        var client = factory.CreateClient();
        var email = $"target-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/users/register", new { email, password = Password, name = "Target" })).StatusCode);

        for (var i = 0; i < 6; i++)
        {
            await client.SendAsync(Login(email, "a guessed password", from: "203.0.113.66"));
        }

        var attacker = await client.SendAsync(Login(email, Password, from: "203.0.113.66"));
        var owner = await client.SendAsync(Login(email, Password, from: "198.51.100.7"));

        await attacker.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(attacker.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    private static HttpRequestMessage Login(string email, string password, string from)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", from);
        return request;
    }

    /// <summary>Every request arrives from a trusted proxy on loopback that names the client in X-Forwarded-For, as behind NGINX.</summary>
    private sealed class BehindProxyFactory : ShopApiFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() => [("Http:KnownProxies", "127.0.0.1")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, FromLoopbackProxy>());
        }

        private sealed class FromLoopbackProxy : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(following => context =>
                {
                    context.Connection.RemoteIpAddress = IPAddress.Loopback;
                    return following(context);
                });
                next(app);
            };
        }
    }
}
