using System.Net;
using System.Net.Http.Json;

namespace MarketMicro.WebApi.Tests.Hardening;

/// <summary>Registration and login apply one password rule: what registers can log in, and nothing else registers.</summary>
[Collection(ShopCollection.Name)]
public sealed class PasswordRuleHttpTests(ShopApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Theory]
    [InlineData("        ")]
    [InlineData("password\u0001")]
    [InlineData("pass\tword")]
    [InlineData("\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0")]
    public async Task PasswordsThatCouldNeverLogInAreRefusedAtRegistration(string password)
    {
        var response = await client.PostAsJsonAsync("/api/v1/users/register", new { email = NewEmail(), password, name = "Nobody" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Theory]
    [InlineData("  spaced  ")]
    [InlineData("pässwörd")]
    [InlineData("🔑🔑🔑🔑")]
    [InlineData("12345678")]
    public async Task EveryPasswordThatRegistersCanLogIn(string password)
    {
        var email = NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/users/register", new { email, password, name = "Edge" })).StatusCode);

        var login = await client.PostAsJsonAsync("/api/v1/users/login", new { email, password });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task TheLongestAllowedPasswordRegistersAndLogsIn()
    {
        var email = NewEmail();
        var password = new string('p', 128);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/users/register", new { email, password, name = "Long" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/users/login", new { email, password })).StatusCode);
    }

    private static string NewEmail() => $"password-{Guid.NewGuid():N}@example.com";
}
