using System.Text;
using System.Text.Json;

namespace MarketMicro.WebApi.Tests.Fuzz;

/// <summary>One operation of the published description: what the fuzz needs to aim at it.</summary>
public sealed record FuzzOperation(string Method, string Path, IReadOnlyList<(string Name, string In, string Type)> Parameters, IReadOnlyList<(string Name, string Type)> BodyFields, bool HasBody)
{
    /// <summary>Every operation of an OpenAPI 3 document, with body fields resolved through <c>$ref</c> and <c>oneOf</c>.</summary>
    public static IReadOnlyList<FuzzOperation> AllIn(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = new List<FuzzOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, TypeOf(p.GetProperty("schema"), schemas))).ToList()
                    : [];
                var hasBody = operation.Value.TryGetProperty("requestBody", out var body);
                var fields = hasBody ? FieldsOf(body.GetProperty("content").GetProperty("application/json").GetProperty("schema"), schemas) : [];
                operations.Add(new FuzzOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, fields, hasBody));
            }
        }

        return operations;
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas) =>
        schema.TryGetProperty("$ref", out var reference)
            ? schemas.GetProperty(reference.GetString()!.Split('/').Last())
            : schema;

    private static List<(string Name, string Type)> FieldsOf(JsonElement schema, JsonElement schemas)
    {
        var resolved = Resolve(schema, schemas);
        var branches = resolved.TryGetProperty("oneOf", out var oneOf) ? oneOf.EnumerateArray().Select(s => Resolve(s, schemas)).ToList() : [resolved];
        return branches
            .Where(branch => branch.TryGetProperty("properties", out _))
            .SelectMany(branch => branch.GetProperty("properties").EnumerateObject().Select(p => (p.Name, TypeOf(p.Value, schemas))))
            .ToList();
    }

    private static string TypeOf(JsonElement schema, JsonElement schemas)
    {
        var resolved = Resolve(schema, schemas);
        if (!resolved.TryGetProperty("type", out var type))
        {
            return "string";
        }

        var name = type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).First(t => t != "null")!
            : type.GetString()!;
        return resolved.TryGetProperty("format", out var format) && format.GetString() is "date" or "date-time" ? "date" : name;
    }
}

/// <summary>One request the fuzz sends, with a stable label so a failure can be named and reproduced.</summary>
public sealed record FuzzCase(string Label, string Url, string? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers, int Identity);

/// <summary>Hostile but bounded inputs for an operation, from a seeded random source (the same cases every run).</summary>
public static class FuzzInputs
{
    /// <summary>Values for path segments and query strings; URL parts stay under Kestrel's 8 KB request line.</summary>
    private static readonly (string Label, string Value)[] Texts =
    [
        ("empty", ""), ("space", " "), ("non-GUID", "not-a-guid"), ("zero", "0"), ("negative", "-1"),
        ("int overflow", "2147483648"), ("huge number", "99999999999999999999999999999"), ("7k chars", new string('x', 7000)),
        ("unicode", "ünïcødé-ß-Ω"), ("emoji", "🛒🔥👩‍👩‍👧"), ("RTL", "\u202Eمرحبا\u202C"), ("NUL", "a\0b"), ("controls", "\u0001\u001F\u007F"),
        ("percent", "%"), ("dot-dot", ".."), ("slash", "a/b"), ("quote", "'\"<script>"), ("all-zero GUID", Guid.Empty.ToString()),
    ];

    private static readonly Dictionary<string, string[]> QueryValues = new()
    {
        ["integer"] = ["0", "-1", "2147483648", "-2147483649", "99999999999999999999", "1.5", "1e3", "abc", ""],
        ["number"] = ["NaN", "Infinity", "-0", "1e309", "-5", "abc", "79228162514264337593543950336", ""],
        ["boolean"] = ["maybe", "1", "TRUE", ""],
        ["date"] = ["2026-13-45", "0000-00-00", "9999-12-31", "0001-01-01", "abc", "2026-02-30"],
    };

    /// <summary>Wrong JSON for a field of the given type, as raw JSON text.</summary>
    private static readonly Dictionary<string, string[]> WrongJson = new()
    {
        ["string"] = ["123", "true", "[]", "{}", "null", Quote(new string('y', 10_000)), Quote("🛒\u202E\0"), "\"\""],
        ["integer"] = ["\"12\"", "1.5", "-1", "2147483648", "-2147483649", "1e400", "null", "true", "99999999999999999999999999999"],
        ["number"] = ["\"12\"", "-1", "0", "1e400", "79228162514264337593543950336", "0.001", "null", "[]"],
        ["boolean"] = ["\"yes\"", "1", "null"],
    };

    private static readonly (string Label, string? Body, string? ContentType)[] Bodies =
    [
        ("empty object", "{}", "application/json"), ("null", "null", "application/json"), ("array", "[]", "application/json"),
        ("array of object", "[{}]", "application/json"), ("string", "\"text\"", "application/json"), ("number", "12345", "application/json"),
        ("malformed", "{\"a\":", "application/json"), ("empty body", "", "application/json"), ("no body", null, null),
        ("nested 500", string.Concat(Enumerable.Repeat("[", 500)) + string.Concat(Enumerable.Repeat("]", 500)), "application/json"),
        ("nested objects 200", string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200), "application/json"),
        ("unknown fields only", "{\"zzz\":1,\"__proto__\":{}}", "application/json"), ("wrong content-type", "{}", "text/plain"),
        ("xml", "<a/>", "application/xml"), ("utf-16 charset", "{}", "application/json; charset=utf-16"),
        ("garbage content-type", "{}", "garbage"), ("over the body limit", new string(' ', 70 * 1024), "application/json"),
    ];

    public static IEnumerable<FuzzCase> For(FuzzOperation operation, string validToken)
    {
        var random = new Random(StableSeed(operation.Method + operation.Path));
        var caseNumber = 0;
        FuzzCase Case(string label, string url, string? body = null, string? contentType = null, IReadOnlyList<(string, string)>? headers = null, int? identity = null) =>
            new($"{operation.Method} {operation.Path} | {label}", url, body, contentType, headers ?? [], identity ?? caseNumber++ % 3);

        var baseBody = operation.HasBody ? "{}" : null;
        var baseType = operation.HasBody ? "application/json" : null;

        // %00 in a path is refused by Kestrel before the app runs (and the test host cannot carry it): NUL goes in queries and bodies.
        foreach (var (label, value) in Texts.Where(text => !text.Value.Contains('\0')))
        {
            yield return Case($"path {label}", Url(operation, random, pathValue: value), baseBody, baseType);
        }

        foreach (var (name, location, type) in operation.Parameters.Where(p => p.In == "query"))
        {
            var pool = QueryValues.GetValueOrDefault(type) ?? Texts.Select(t => t.Value).ToArray();
            foreach (var value in pool.OrderBy(_ => random.Next()).Take(6))
            {
                yield return Case($"query {name}={Shorten(value)}", Url(operation, random, query: $"{name}={Uri.EscapeDataString(value)}"), baseBody, baseType);
            }

            yield return Case($"query {name} repeated", Url(operation, random, query: $"{name}=1&{name}=2&{name}=x"), baseBody, baseType);
        }

        foreach (var header in operation.Parameters.Where(p => p.In == "header"))
        {
            yield return Case($"header {header.Name} too long", Url(operation, random), baseBody, baseType, [(header.Name, new string('k', 4000))]);
        }

        if (operation.HasBody)
        {
            foreach (var (label, body, contentType) in Bodies)
            {
                yield return Case($"body {label}", Url(operation, random), body, contentType);
            }

            foreach (var (field, type) in operation.BodyFields)
            {
                foreach (var wrong in (WrongJson.GetValueOrDefault(type) ?? WrongJson["string"]).OrderBy(_ => random.Next()).Take(4))
                {
                    yield return Case($"body {field}={Shorten(wrong)}", Url(operation, random), $"{{\"{field}\":{wrong}}}", "application/json");
                }
            }

            var everyField = operation.BodyFields.Select(f => $"\"{f.Name}\":{Quote(new string('z', 10_000 / Math.Max(1, operation.BodyFields.Count)))}");
            yield return Case("body every field a huge string", Url(operation, random), $"{{{string.Join(',', everyField)}}}", "application/json");
            var conflicting = operation.BodyFields.Select(f => $"\"{f.Name}\":1,\"{f.Name}\":\"x\"");
            yield return Case("body duplicate keys", Url(operation, random), $"{{{string.Join(',', conflicting)}}}", "application/json");
        }

        // Headers: each one as anonymous, customer and admin.
        (string Label, (string, string)[] Headers)[] headerCases =
        [
            ("two Authorization headers", [("Authorization", $"Bearer {validToken}"), ("Authorization", "Bearer garbage")]),
            ("garbage bearer", [("Authorization", "Bearer abc.def.ghi")]),
            ("basic auth", [("Authorization", "Basic YWRtaW46YWRtaW4=")]),
            ("empty bearer", [("Authorization", "Bearer")]),
            ("two Idempotency-Keys", [("Idempotency-Key", "k-1"), ("Idempotency-Key", "k-2")]),
            ("If-Match garbage", [("If-Match", "garbage-etag")]),
            ("Accept xml", [("Accept", "application/xml")]),
        ];
        foreach (var (label, headers) in headerCases)
        {
            for (var identity = 0; identity < 3; identity++)
            {
                yield return Case($"headers {label} as #{identity}", Url(operation, random), baseBody, baseType, headers, identity);
            }
        }
    }

    /// <summary>The path with each parameter replaced (a fresh random GUID unless a value is given), plus an optional query.</summary>
    private static string Url(FuzzOperation operation, Random random, string? pathValue = null, string? query = null)
    {
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            path = path.Replace($"{{{parameter.Name}}}", Uri.EscapeDataString(pathValue ?? RandomGuid(random).ToString()));
        }

        return query is null ? path : $"{path}?{query}";
    }

    private static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string Shorten(string text) => text.Length > 24 ? $"<{text.Length} chars>" : text;

    private static int StableSeed(string text) => Encoding.UTF8.GetBytes(text).Aggregate(17, (hash, b) => unchecked(hash * 31 + b));
}
