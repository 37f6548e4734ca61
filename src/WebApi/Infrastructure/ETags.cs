using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace MarketMicro.WebApi.Infrastructure;

/// <summary>
/// A product's or order's version as its entity tag (<c>"7"</c>), and the version an <c>If-Match</c> names. A change
/// that sends <c>If-Match</c> applies only to that version (412 otherwise); <c>*</c> means any version.
/// </summary>
public static class ETags
{
    /// <summary>Marks an endpoint whose answer carries the resource's ETag and, if <paramref name="honoursIfMatch"/>, that takes If-Match.</summary>
    public static TBuilder WithETag<TBuilder>(this TBuilder builder, bool honoursIfMatch = false, bool requiresIfMatchForStock = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ETagMetadata(honoursIfMatch, requiresIfMatchForStock));

    public static void Set(HttpResponse response, long version) => response.Headers.ETag = Format(version);

    /// <summary>200 with <paramref name="body"/>, and the resource's version as ETag.</summary>
    public static JsonOk<T> Ok<T>(HttpResponse response, long version, T body)
    {
        Set(response, version);
        return JsonAnswers.Ok(body);
    }

    public static string Format(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version the request's If-Match names; null without one, or for <c>*</c>. 400 when it names none we issue.</summary>
    public static long? IfMatch(HttpRequest request)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseList(values, out var tags) || tags.Count != 1)
        {
            throw Invalid();
        }

        var tag = tags[0];
        if (tag.Equals(EntityTagHeaderValue.Any))
        {
            return null;
        }

        var opaque = tag.Tag.AsSpan().Trim('"');
        return !tag.IsWeak && long.TryParse(opaque, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw Invalid();
    }

    /// <summary>What the OpenAPI description says about an endpoint's versions.</summary>
    public sealed record ETagMetadata(bool HonoursIfMatch, bool RequiresIfMatchForStock);

    private static ValidationException Invalid() =>
        new("If-Match", "If-Match must be one ETag this API issued (for example \"3\"), or *.");
}
