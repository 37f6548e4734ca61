using MarketMicro.Users;
using MarketMicro.WebApi.Auth;
using MarketMicro.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketMicro.WebApi.Users;

public sealed record RegisterRequest(string? Email, string? Password, string? Name);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record ProfileUpdateRequest(string? Name, string? Phone, string? Address);

public sealed record UserResponse(Guid Id, string Email, string Name, string Role, DateTime CreatedAt);

public sealed record ProfileResponse(Guid Id, string Email, string Name, string Role, DateTime CreatedAt, string? Phone, string? Address)
{
    public static ProfileResponse From(UserProfile user) =>
        new(user.Id, user.Email, user.Name, user.Role, DateTime.SpecifyKind(user.CreatedAt, DateTimeKind.Utc), user.Phone, user.Address);
}

public sealed record MeResponse(Guid Id, string Email, string Role);

/// <summary>Registration, sign-in with rotating refresh tokens, and the caller's profile: <c>/api/v1/users</c>.</summary>
public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/v1/users").WithTags("Users");

        var credentials = users.MapGroup("/").RequireRateLimiting(AuthExtensions.CredentialsRateLimit)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        credentials.MapPost("/register", Register)
            .WithSummary("Creates a customer account")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        credentials.MapPost("/login", Login)
            .WithSummary("Signs in: an access token and a refresh token")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        credentials.MapPost("/refresh", Refresh)
            .WithSummary("Rotates a refresh token; the old one stops working")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        var signedIn = users.MapGroup("/").RequireAuthorization(AuthPolicies.Customer).ProducesProblem(StatusCodes.Status401Unauthorized);
        signedIn.MapPost("/logout", Logout).WithSummary("Revokes a refresh token (this device)").ProducesValidationProblem();
        signedIn.MapGet("/profile", GetProfile).WithSummary("The caller's profile");
        signedIn.MapPut("/profile", UpdateProfile).WithSummary("Changes name, phone or address").ProducesValidationProblem();
        signedIn.MapGet("/me", Me).WithSummary("Who the access token belongs to");
        return routes;
    }

    private static async Task<Results<JsonCreated<UserResponse>, ValidationProblem>> Register(RegisterRequest request, IGrainFactory grains)
    {
        var errors = UserInput.Errors(
            ("email", UserInput.EmailError(request.Email)),
            ("password", UserInput.PasswordError(request.Password)),
            ("name", UserInput.TextError("name", request.Name, UserInput.MaxName, required: true)));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var email = IUserEmailIndexGrain.Normalize(request.Email!);
        var user = await grains.Reference<IUserEmailIndexGrain>(email)
            .Register(new NewAccount(email, request.Password!, request.Name!.Trim(), UserRoles.Customer));
        return JsonAnswers.Created("/api/v1/users/profile", new UserResponse(user.Id, user.Email, user.Name, user.Role, DateTime.SpecifyKind(user.CreatedAt, DateTimeKind.Utc)));
    }

    private static async Task<Results<JsonOk<TokenResponse>, ValidationProblem>> Login(LoginRequest request, HttpContext http, IGrainFactory grains, AccessTokens tokens)
    {
        var errors = UserInput.Errors(
            ("email", UserInput.TextError("email", request.Email, UserInput.MaxEmail, required: true)),
            ("password", UserInput.PasswordError(request.Password)));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var grant = await grains.Reference<IUserEmailIndexGrain>(IUserEmailIndexGrain.Normalize(request.Email!))
            .SignIn(request.Password!, ClientAddress.KeyOf(http));
        return JsonAnswers.Ok(tokens.Issue(grant));
    }

    private static async Task<Results<JsonOk<TokenResponse>, ValidationProblem>> Refresh(RefreshRequest request, IGrainFactory grains, AccessTokens tokens)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return TypedResults.ValidationProblem(UserInput.Errors(("refreshToken", "refreshToken is required.")));
        }

        var userId = RefreshTokenOwner(request.RefreshToken);
        var grant = await grains.Reference<IUserGrain>(userId).Refresh(request.RefreshToken);
        return JsonAnswers.Ok(tokens.Issue(grant));
    }

    private static async Task<Results<NoContent, ValidationProblem>> Logout(RefreshRequest request, HttpContext http, IGrainFactory grains)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return TypedResults.ValidationProblem(UserInput.Errors(("refreshToken", "refreshToken is required.")));
        }

        // Only the caller's own tokens can be revoked; anything else changes nothing and reveals nothing.
        if (RefreshTokenFormat.OwnerOf(request.RefreshToken) == http.User.GetUserId())
        {
            await grains.Reference<IUserGrain>(http.User.GetUserId()).SignOut(request.RefreshToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<JsonOk<ProfileResponse>> GetProfile(HttpContext http, IGrainFactory grains) =>
        JsonAnswers.Ok(ProfileResponse.From(await CallerAsync(http, grains)));

    private static async Task<Results<JsonOk<ProfileResponse>, ValidationProblem>> UpdateProfile(ProfileUpdateRequest request, HttpContext http, IGrainFactory grains)
    {
        var errors = UserInput.Errors(
            ("name", request.Name is null ? null : UserInput.TextError("name", request.Name, UserInput.MaxName, required: true)),
            ("phone", UserInput.TextError("phone", request.Phone, UserInput.MaxPhone, required: false)),
            ("address", UserInput.TextError("address", request.Address, UserInput.MaxAddress, required: false)));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await CallerAsync(http, grains);
        var updated = await grains.Reference<IUserGrain>(http.User.GetUserId())
            .UpdateProfile(new ProfileChange(request.Name?.Trim(), request.Phone?.Trim(), request.Address?.Trim()));
        return JsonAnswers.Ok(ProfileResponse.From(updated));
    }

    private static async Task<JsonOk<MeResponse>> Me(HttpContext http, IGrainFactory grains)
    {
        var user = await CallerAsync(http, grains);
        return JsonAnswers.Ok(new MeResponse(user.Id, user.Email, user.Role));
    }

    /// <summary>The caller's account; a valid token for an account that does not exist is refused like a bad token.</summary>
    private static async Task<UserProfile> CallerAsync(HttpContext http, IGrainFactory grains) =>
        await grains.Reference<IUserGrain>(http.User.GetUserId()).GetProfile()
        ?? throw new UnauthorizedAccessException("The account of this token does not exist.");

    private static Guid RefreshTokenOwner(string token) =>
        RefreshTokenFormat.OwnerOf(token)
        ?? throw new AuthenticationFailedException("The refresh token is invalid, expired or already used.");
}
