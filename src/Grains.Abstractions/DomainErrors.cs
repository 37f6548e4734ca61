namespace MarketMicro;

/// <summary>A refusal by a domain rule; the HTTP layer maps each kind to its status code.</summary>
[GenerateSerializer, Alias("MarketMicro.DomainException")]
public abstract class DomainException(string message) : Exception(message);

/// <summary>The resource does not exist, or belongs to someone else (never revealed).</summary>
[GenerateSerializer, Alias("MarketMicro.NotFoundException")]
public sealed class NotFoundException(string message) : DomainException(message);

/// <summary>The request is valid but the current state forbids it (stock, lifecycle, uniqueness).</summary>
[GenerateSerializer, Alias("MarketMicro.ConflictException")]
public sealed class ConflictException(string message, IReadOnlyList<string>? items = null) : DomainException(message)
{
    /// <summary>The ids the conflict is about, for example the products that are short.</summary>
    [Id(0)] public IReadOnlyList<string> Items { get; init; } = items ?? [];
}

/// <summary>Field-level validation failures detected inside a grain (400 with <c>errors</c> by field).</summary>
[GenerateSerializer, Alias("MarketMicro.ValidationException")]
public sealed class ValidationException : DomainException
{
    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join(" ", errors.Values.SelectMany(messages => messages)))
    {
        Errors = errors;
    }

    [Id(0)] public IReadOnlyDictionary<string, string[]> Errors { get; init; }

    /// <summary>The first field in error.</summary>
    public string Field => Errors.Keys.First();
}

/// <summary>The client's version of the resource (If-Match) is not the current one: nothing was changed (412).</summary>
[GenerateSerializer, Alias("MarketMicro.PreconditionFailedException")]
public sealed class PreconditionFailedException(string message, long currentVersion) : DomainException(message)
{
    [Id(0)] public long CurrentVersion { get; init; } = currentVersion;
}

/// <summary>The change is only safe against a known version, and the request named none (428).</summary>
[GenerateSerializer, Alias("MarketMicro.PreconditionRequiredException")]
public sealed class PreconditionRequiredException(string message) : DomainException(message);

/// <summary>Throttled: try again after <see cref="RetryAfter"/>.</summary>
[GenerateSerializer, Alias("MarketMicro.TooManyRequestsException")]
public sealed class TooManyRequestsException(string message, TimeSpan retryAfter) : DomainException(message)
{
    [Id(0)] public TimeSpan RetryAfter { get; init; } = retryAfter;
}
