using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace MarketMicro.WebApi.Admin;

/// <summary>
/// The admin console (<c>src/AdminConsole</c>, built into the output's <c>admin/</c> folder by this project's build) at
/// <c>/admin/</c>, compressed, and the live events feed it reads. The console is a client of the public API like any
/// other: these are static files, nothing more.
/// </summary>
public static class AdminConsoleExtensions
{
    public const string Path = "/admin";

    /// <summary>Hashed bundles (<c>assets/app-XXXX.js</c>) never change under their name; the page itself is always revalidated.</summary>
    private const string AssetsFolder = "/assets/";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public static WebApplicationBuilder AddMarketMicroAdminConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AdminEventsFeed>();
        builder.Services.AddResponseCompression(options =>
        {
            // Only the console's static files are compressed: they hold no secret, so compression reveals nothing.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // The files are small and compressed per request: the better ratio costs a few milliseconds.
        builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        return builder;
    }

    public static WebApplication UseMarketMicroAdminConsole(this WebApplication app)
    {
        var folder = System.IO.Path.Combine(AppContext.BaseDirectory, "admin");
        if (!Directory.Exists(folder))
        {
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), console =>
        {
            console.Use((context, next) =>
            {
                if (context.Request.Path.Value == Path)
                {
                    context.Response.Redirect(Path + "/", permanent: true);
                    return Task.CompletedTask;
                }

                return next(context);
            });
            console.UseResponseCompression();
            console.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
            console.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                RequestPath = Path,
                OnPrepareResponse = file =>
                {
                    var headers = file.Context.Response.Headers;
                    headers.XContentTypeOptions = "nosniff";
                    if (file.Context.Request.Path.StartsWithSegments(Path + AssetsFolder.TrimEnd('/')))
                    {
                        headers.CacheControl = "public, max-age=31536000, immutable";
                    }
                    else
                    {
                        headers.CacheControl = "no-cache";
                        headers.ContentSecurityPolicy = ContentSecurityPolicy;
                        headers[HeaderNames.XFrameOptions] = "DENY";
                        headers["Referrer-Policy"] = "no-referrer";
                    }
                },
            });
        });
        return app;
    }
}
