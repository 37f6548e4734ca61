using System.Security.Claims;

namespace MarketMicro.WebApi.Infrastructure;

/// <summary>Names of the authorization policies and roles every endpoint group uses.</summary>
public static class AuthPolicies
{
    /// <summary>Requires the <c>admin</c> role.</summary>
    public const string Admin = "admin";

    /// <summary>Any authenticated user.</summary>
    public const string Customer = "customer";
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Customer = "customer";
}

public static class CurrentUser
{
    /// <summary>The caller's user id, from the access token's <c>sub</c> claim.</summary>
    public static Guid GetUserId(this ClaimsPrincipal user)
    {
        var subject = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier);
        return Guid.TryParse(subject, out var id)
            ? id
            : throw new UnauthorizedAccessException("The access token names no user.");
    }

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.HasClaim("role", Roles.Admin);
}
