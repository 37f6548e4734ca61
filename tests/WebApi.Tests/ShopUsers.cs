using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.TestSupport;

namespace MarketMicro.WebApi.Tests;

/// <summary>Signs users up and in through the real identity endpoints, for tests of the routes behind them.</summary>
public static class ShopUsers
{
    public const string AdminEmail = "admin@shop.test";
    public const string AdminPassword = "admin-password-123";

    public static async Task<HttpClient> NewCustomerAsync(this ShopApiFactory factory)
    {
        var email = $"customer-{Guid.NewGuid():N}@shop.test";
        const string password = "customer-password-1";
        var client = factory.CreateClient();
        var registered = await client.PostAsJsonAsync("/api/v1/users/register", new { email, password, name = "Test Customer" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return await SignInAsync(factory, email, password);
    }

    /// <summary>The bootstrap admin (created at start-up from Bootstrap:AdminEmail/AdminPassword).</summary>
    public static async Task<HttpClient> AdminAsync(this ShopApiFactory factory)
    {
        // The bootstrapper creates the admin in the background once the silo answers.
        var admin = await Eventually.ReturnsAsync(
            () => TrySignInAsync(factory, AdminEmail, AdminPassword),
            signedIn => signedIn is not null,
            TimeSpan.FromSeconds(20),
            "the bootstrap admin signing in");
        return admin!;
    }

    private static async Task<HttpClient> SignInAsync(ShopApiFactory factory, string email, string password) =>
        await TrySignInAsync(factory, email, password) ?? throw new Xunit.Sdk.XunitException($"{email} could not sign in");

    private static async Task<HttpClient?> TrySignInAsync(ShopApiFactory factory, string email, string password)
    {
        var client = factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/users/login", new { email, password });
        if (login.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
