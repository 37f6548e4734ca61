using System.Security.Cryptography;
using System.Text;

namespace MarketMicro.Grains.Users;

/// <summary>
/// A user's refresh-token families, one per signed-in device. Only SHA-256 hashes of tokens are kept. A token is
/// single use: refreshing rotates it; presenting a token that was already used revokes its whole family.
/// </summary>
[GenerateSerializer, Alias("MarketMicro.Grains.Users.RefreshTokenFamilies")]
public sealed class RefreshTokenFamilies
{
    private const int MaxFamilies = 20;
    private const int RememberedUsedTokens = 20;

    [Id(0)] private List<Family> families = [];

    public enum Outcome
    {
        Rotated,
        Unknown,
        ReuseDetected,
    }

    /// <summary>Opens a new family and returns its first token.</summary>
    public string Open(Guid userId, DateTime now, TimeSpan lifetime)
    {
        Prune(now);
        if (families.Count >= MaxFamilies)
        {
            families.RemoveAt(0);
        }

        var token = NewToken(userId);
        families.Add(new Family { Id = Guid.NewGuid(), CurrentHash = Hash(token), ExpiresAt = now + lifetime });
        return token;
    }

    /// <summary>Rotates <paramref name="token"/>; on success <paramref name="next"/> is its replacement.</summary>
    public Outcome Rotate(Guid userId, string token, DateTime now, TimeSpan lifetime, out string? next)
    {
        next = null;
        Prune(now);
        var hash = Hash(token);
        var family = families.Find(f => f.CurrentHash == hash);
        if (family is not null)
        {
            next = NewToken(userId);
            family.Used.Add(family.CurrentHash);
            if (family.Used.Count > RememberedUsedTokens)
            {
                family.Used.RemoveAt(0);
            }

            family.CurrentHash = Hash(next);
            family.ExpiresAt = now + lifetime;
            return Outcome.Rotated;
        }

        return families.RemoveAll(f => f.Used.Contains(hash)) > 0 ? Outcome.ReuseDetected : Outcome.Unknown;
    }

    /// <summary>Revokes the family the token belongs to (current or used). Returns whether one was found.</summary>
    public bool Revoke(string token)
    {
        var hash = Hash(token);
        return families.RemoveAll(f => f.CurrentHash == hash || f.Used.Contains(hash)) > 0;
    }

    public int Count => families.Count;

    private void Prune(DateTime now) => families.RemoveAll(f => f.ExpiresAt <= now);

    private static string NewToken(Guid userId) =>
        $"{userId:N}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GenerateSerializer, Alias("MarketMicro.Grains.Users.RefreshTokenFamilies.Family")]
    public sealed class Family
    {
        [Id(0)] public Guid Id { get; set; }

        [Id(1)] public string CurrentHash { get; set; } = string.Empty;

        [Id(2)] public List<string> Used { get; set; } = [];

        [Id(3)] public DateTime ExpiresAt { get; set; }
    }
}
