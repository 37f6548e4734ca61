using System.Net.Mail;

namespace MarketMicro.WebApi.Users;

/// <summary>The rules for what users type: each returns an error message, or null when the value is fine.</summary>
public static class UserInput
{
    public const int MaxEmail = 254;
    public const int MinPassword = 8;
    public const int MaxPassword = 128;
    public const int MaxName = 100;
    public const int MaxPhone = 32;
    public const int MaxAddress = 500;

    public static string? EmailError(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "email is required.";
        }

        var trimmed = email.Trim();
        return trimmed.Length > MaxEmail
            || !MailAddress.TryCreate(trimmed, out var parsed)
            || parsed.Address != trimmed
            || !parsed.Host.Contains('.')
                ? "email is not a valid email address."
                : null;
    }

    /// <summary>
    /// The one password rule, for registration, login and the bootstrap admin alike, so that every password that
    /// can be set can also be typed at login: 8 to 128 characters, not only whitespace, no control characters.
    /// </summary>
    public static string? PasswordError(string? password) => password switch
    {
        null or "" => "password is required.",
        { Length: < MinPassword } => $"password must have at least {MinPassword} characters.",
        { Length: > MaxPassword } => $"password may have at most {MaxPassword} characters.",
        _ when string.IsNullOrWhiteSpace(password) => "password may not consist of whitespace only.",
        _ when password.Any(char.IsControl) => "password may not contain control characters (tab and line breaks included).",
        _ => null,
    };

    public static string? TextError(string field, string? value, int max, bool required) => value switch
    {
        null or "" when required => $"{field} is required.",
        not null when required && string.IsNullOrWhiteSpace(value) => $"{field} is required.",
        { Length: var length } when length > max => $"{field} may have at most {max} characters.",
        not null when value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) => $"{field} may not contain control characters.",
        _ => null,
    };

    /// <summary>Collects the non-null errors by field, for a validation problem.</summary>
    public static Dictionary<string, string[]> Errors(params (string Field, string? Error)[] checks) =>
        checks.Where(check => check.Error is not null).ToDictionary(check => check.Field, check => new[] { check.Error! });
}
