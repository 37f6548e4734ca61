using System.Net;
using System.Threading.RateLimiting;
using MarketMicro.WebApi.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.Tokens;

namespace MarketMicro.WebApi.Auth;

public static class AuthExtensions
{
    /// <summary>The rate-limiter policy on register, login and refresh (per client address).</summary>
    public const string CredentialsRateLimit = "credentials";

    /// <summary>JWT bearer authentication, the customer/admin policies, the credentials rate limit, trusted proxies, admin bootstrap.</summary>
    public static WebApplicationBuilder AddMarketMicroAuth(this WebApplicationBuilder builder)
    {
        var jwt = JwtSettings.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(jwt);
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddHostedService<AdminBootstrapper>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new RememberingTokenHandler(TimeProvider.System) { MapInboundClaims = false });
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = jwt.SigningKey,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = "role",
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Customer, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(AuthPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        var limits = builder.Configuration.GetSection("RateLimiting:Credentials");
        var permits = limits.GetValue("PermitLimit", 30);
        var window = TimeSpan.FromSeconds(limits.GetValue("WindowSeconds", 60));
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(CredentialsRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));
            options.OnRejected = (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
                throw new TooManyRequestsException("Too many attempts from this address; try again later.", retryAfter);
            };
        });

        var proxies = (builder.Configuration["Http:KnownProxies"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(IPAddress.Parse)
            .ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With no known proxy at all the middleware would trust every sender, so then forwarding stays off.
            options.ForwardedHeaders = proxies.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            proxies.ForEach(options.KnownProxies.Add);
        });
        return builder;
    }

    /// <summary>Forwarded headers (from trusted proxies only), then authentication, authorization, rate limiting.</summary>
    public static WebApplication UseMarketMicroAuth(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
