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

/// <summary>A field-level validation failure detected inside a grain.</summary>
[GenerateSerializer, Alias("MarketMicro.ValidationException")]
public sealed class ValidationException(string field, string message) : DomainException(message)
{
    [Id(0)] public string Field { get; init; } = field;
}

/// <summary>Throttled: try again after <see cref="RetryAfter"/>.</summary>
[GenerateSerializer, Alias("MarketMicro.TooManyRequestsException")]
public sealed class TooManyRequestsException(string message, TimeSpan retryAfter) : DomainException(message)
{
    [Id(0)] public TimeSpan RetryAfter { get; init; } = retryAfter;
}
