using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using MarketMicro.WebApi.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MarketMicro.WebApi.Tests.Users;

[Collection(ShopCollection.Name)]
public sealed class UsersHttpTests(ShopApiFactory factory)
{
    private const string Password = "a long enough password";
    private readonly HttpClient anonymous = factory.CreateClient();

    [Fact]
    public async Task RegistrationAnswers201ThenRefusesTheSameEmailInAnyCase()
    {
        var email = NewEmail();
        var created = await anonymous.PostAsJsonAsync("/api/v1/users/register", new { email, password = Password, name = "Ann" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.Location);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(email, body.GetProperty("email").GetString());
        Assert.Equal("customer", body.GetProperty("role").GetString());
        Assert.EndsWith("Z", body.GetProperty("createdAt").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));

        var again = await anonymous.PostAsJsonAsync("/api/v1/users/register", new { email = $"  {email.ToUpperInvariant()} ", password = Password, name = "Ann" });
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    public static TheoryData<string, string> BadRegistrations => new()
    {
        { """{"email":"not-an-email","password":"long enough pw","name":"A"}""", "email" },
        { """{"email":"a@b.com","password":"short","name":"A"}""", "password" },
        { """{"password":"long enough pw","name":"A"}""", "email" },
        { """{"email":"a@b.com","password":"long enough pw"}""", "name" },
        { $$"""{"email":"a@b.com","password":"long enough pw","name":"{{new string('n', 101)}}"}""", "name" },
        { $$"""{"email":"{{new string('e', 250)}}@b.com","password":"long enough pw","name":"A"}""", "email" },
        { $$"""{"email":"a@b.com","password":"{{new string('p', 129)}}","name":"A"}""", "password" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task InvalidRegistrationsAnswer400WithFieldErrors(string json, string field)
    {
        var response = await anonymous.PostAsync("/api/v1/users/register", Json(json));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    [Theory]
    [InlineData("""{"email": 42, "password": "long enough pw", "name": "A"}""")]
    [InlineData("""{"email": "a@b.com", "password": ["x"], "name": "A"}""")]
    [InlineData("""{"email": "a@b.com", """)]
    [InlineData("""not json at all""")]
    public async Task WrongTypesAndMalformedJsonAnswer400(string json)
    {
        var response = await anonymous.PostAsync("/api/v1/users/register", Json(json));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task LoginMeRefreshAndLogoutWorkAndOldTokensStopWorking()
    {
        var email = NewEmail();
        await RegisterAsync(email);

        var login = await anonymous.PostAsJsonAsync("/api/v1/users/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.Equal(900, tokens.GetProperty("expiresIn").GetInt32());
        var access = tokens.GetProperty("accessToken").GetString()!;
        var refresh = tokens.GetProperty("refreshToken").GetString()!;

        var me = await Authorized(access).GetFromJsonAsync<JsonElement>("/api/v1/users/me");
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("customer", me.GetProperty("role").GetString());

        var refreshed = await anonymous.PostAsJsonAsync("/api/v1/users/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var rotated = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();
        await (await anonymous.PostAsJsonAsync("/api/v1/users/refresh", new { refreshToken = refresh })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/users/refresh", new { refreshToken = rotated })).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var second = await (await anonymous.PostAsJsonAsync("/api/v1/users/login", new { email, password = Password })).Content.ReadFromJsonAsync<JsonElement>();
        var secondRefresh = second.GetProperty("refreshToken").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await Authorized(access).PostAsJsonAsync("/api/v1/users/logout", new { refreshToken = secondRefresh })).StatusCode);
        await (await anonymous.PostAsJsonAsync("/api/v1/users/refresh", new { refreshToken = secondRefresh })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/users/logout", new { refreshToken = secondRefresh })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/users/refresh", new { refreshToken = "garbage" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/users/refresh", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WrongPasswordAndUnknownEmailAnswerTheSame401()
    {
        var email = NewEmail();
        await RegisterAsync(email);

        var wrong = await (await anonymous.PostAsJsonAsync("/api/v1/users/login", new { email, password = "wrong password" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await anonymous.PostAsJsonAsync("/api/v1/users/login", new { email = NewEmail(), password = Password })).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
        await (await anonymous.PostAsJsonAsync("/api/v1/users/login", new { email })).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsAnswer429WithRetryAfter()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostAsJsonAsync("/api/v1/users/login", new { email, password = "wrong password" });
        }

        var locked = await anonymous.PostAsJsonAsync("/api/v1/users/login", new { email, password = Password });

        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task ProfileCanBeReadAndChanged()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        var client = await SignInAsync(email);

        var updated = await client.PutAsJsonAsync("/api/v1/users/profile", new { phone = "+1 555 0100", address = "1 Main St\nSpringfield" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var profile = await client.GetFromJsonAsync<JsonElement>("/api/v1/users/profile");

        Assert.Equal("Test User", profile.GetProperty("name").GetString());
        Assert.Equal("+1 555 0100", profile.GetProperty("phone").GetString());
        Assert.Equal("1 Main St\nSpringfield", profile.GetProperty("address").GetString());
        await (await client.PutAsJsonAsync("/api/v1/users/profile", new { name = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PutAsJsonAsync("/api/v1/users/profile", new { phone = new string('1', 33) })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await anonymous.GetAsync("/api/v1/users/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string> Tampered => new() { "alg-none", "wrong-signature", "wrong-issuer", "wrong-audience", "expired", "garbage" };

    [Theory]
    [MemberData(nameof(Tampered))]
    public async Task TamperedTokensAnswer401(string tampering)
    {
        var email = NewEmail();
        var user = await (await RegisterAsync(email)).Content.ReadFromJsonAsync<JsonElement>();
        var jwt = factory.Services.GetRequiredService<JwtSettings>();
        var claims = new ClaimsIdentity([new Claim("sub", user.GetProperty("id").GetString()!), new Claim("role", "admin"), new Claim("email", email)]);
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = claims,
            IssuedAt = now.AddMinutes(-30),
            NotBefore = now.AddMinutes(-30),
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(jwt.SigningKey, SecurityAlgorithms.HmacSha256),
        };
        switch (tampering)
        {
            case "wrong-signature":
                descriptor.SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256);
                break;
            case "wrong-issuer":
                descriptor.Issuer = "someone-else";
                break;
            case "wrong-audience":
                descriptor.Audience = "someone-else";
                break;
            case "expired":
                descriptor.Expires = now.AddMinutes(-5);
                break;
        }

        var handler = new JsonWebTokenHandler();
        var token = tampering switch
        {
            "alg-none" => Unsigned(handler.CreateToken(descriptor)),
            "garbage" => "not.a.token",
            _ => handler.CreateToken(descriptor),
        };

        var response = await Authorized(token).GetAsync("/api/v1/users/me");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await Authorized(token).GetAsync("/api/v1/admin/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AValidTokenSignedWithTheRealKeyIsAccepted()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        var client = await SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task CustomersAreForbiddenOnAdminRoutesAndTheBootstrapAdminIsAllowed()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        var customer = await SignInAsync(email);
        var admin = await factory.AdminAsync();

        await (await customer.GetAsync("/api/v1/admin/orders")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/admin/orders")).StatusCode);
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/v1/users/me");
        Assert.Equal("admin", me.GetProperty("role").GetString());
    }

    private Task<HttpResponseMessage> RegisterAsync(string email) =>
        anonymous.PostAsJsonAsync("/api/v1/users/register", new { email, password = Password, name = "Test User" });

    private async Task<HttpClient> SignInAsync(string email)
    {
        var tokens = await (await anonymous.PostAsJsonAsync("/api/v1/users/login", new { email, password = Password })).Content.ReadFromJsonAsync<JsonElement>();
        return Authorized(tokens.GetProperty("accessToken").GetString()!);
    }

    private HttpClient Authorized(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    private static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        return $"{header}.{parts[1]}.";
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";
}
