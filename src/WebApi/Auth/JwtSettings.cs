using System.Text;
using MarketMicro.Silo.Storage;
using MarketMicro.WebApi.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace MarketMicro.WebApi.Auth;

/// <summary>
/// How access tokens are signed and checked: HS256 with <c>Jwt:SigningKey</c> (base64 or text, at least 256 bits).
/// Without a configured key the embedded default generates one on first start and keeps it in the data directory,
/// readable only by its owner, so tokens survive restarts; frontends in client mode must be given the key.
/// </summary>
public sealed record JwtSettings(string Issuer, string Audience, TimeSpan AccessTokenLifetime, SymmetricSecurityKey SigningKey)
{
    public const string KeyFileName = "jwt-signing.key";
    private const int MinimumKeyBytes = 32;

    public static JwtSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Jwt");
        var minutes = section.GetValue("AccessTokenMinutes", 15.0);
        if (minutes is <= 0 or > 24 * 60)
        {
            throw new InvalidOperationException("Jwt:AccessTokenMinutes must be between 0 and 1440.");
        }

        return new JwtSettings(
            section["Issuer"] is { Length: > 0 } issuer ? issuer : "market-micro",
            section["Audience"] is { Length: > 0 } audience ? audience : "market-micro",
            TimeSpan.FromMinutes(minutes),
            new SymmetricSecurityKey(SigningKeyBytes(configuration)));
    }

    private static byte[] SigningKeyBytes(IConfiguration configuration)
    {
        if (configuration["Jwt:SigningKey"] is { Length: > 0 } configured)
        {
            return Decode(configured, "Jwt:SigningKey");
        }

        if (!HostingExtensions.IsEmbedded(configuration))
        {
            throw new InvalidOperationException("Jwt:SigningKey must be set when Hosting:Mode is client (every frontend needs the same key).");
        }

        var path = Path.Combine(DataDirectory.Resolve(configuration), KeyFileName);
        if (!File.Exists(path))
        {
            var generated = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            file.Write(Encoding.ASCII.GetBytes(generated));
        }

        return Decode(File.ReadAllText(path).Trim(), path);
    }

    private static byte[] Decode(string key, string source)
    {
        var bytes = IsBase64(key, out var decoded) ? decoded : Encoding.UTF8.GetBytes(key);
        return bytes.Length >= MinimumKeyBytes
            ? bytes
            : throw new InvalidOperationException($"The signing key from {source} is too short: at least {MinimumKeyBytes * 8} bits are required.");
    }

    private static bool IsBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (Convert.TryFromBase64String(text, bytes, out var written) && written >= MinimumKeyBytes)
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
