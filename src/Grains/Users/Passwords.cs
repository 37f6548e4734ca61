using Microsoft.AspNetCore.Identity;

namespace MarketMicro.Grains.Users;

/// <summary>
/// Salted slow password hashes (ASP.NET Core Identity's PasswordHasher: PBKDF2-HMAC-SHA512, 100,000 iterations,
/// 128-bit salt, 256-bit subkey). Unknown emails are checked against a dummy hash so they take the same time.
/// </summary>
public sealed class Passwords
{
    private readonly PasswordHasher<string> hasher = new();
    private readonly string dummyHash;

    public Passwords() => dummyHash = hasher.HashPassword(string.Empty, Guid.NewGuid().ToString());

    public string Hash(string password) => hasher.HashPassword(string.Empty, password);

    /// <summary>Whether the password matches, and whether its hash should be upgraded to current parameters.</summary>
    public (bool Matches, bool Rehash) Verify(string hash, string password) =>
        hasher.VerifyHashedPassword(string.Empty, hash, password) switch
        {
            PasswordVerificationResult.Success => (true, false),
            PasswordVerificationResult.SuccessRehashNeeded => (true, true),
            _ => (false, false),
        };

    /// <summary>Spends the time of a real verification for an email that has no account.</summary>
    public void VerifyNobody(string password) => hasher.VerifyHashedPassword(string.Empty, dummyHash, password);
}
