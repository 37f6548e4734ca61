using System.Globalization;
using System.Text;
using System.Web;
using MarketMicro.Products;
using MarketMicro.Search;

namespace MarketMicro.SearchBench;

/// <summary>
/// The searches the benchmarks send (bench/search-queries.txt, read by bench/search.lua and by this bench): hundreds of
/// distinct query strings drawn from the catalog's own words, so that no per-query cache could carry a benchmark.
/// The mix is what a shop's visitors type: one or two words, some with one typo, some cut short as a prefix, filters,
/// every sort and the first pages.
/// </summary>
internal static class QueryMix
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz";

    public static IEnumerable<string> Generate(IReadOnlyList<ProductSnapshot> catalog, int count, int seed)
    {
        var random = new Random(seed);
        var words = catalog.Take(5000)
            .SelectMany(p => $"{p.Name} {p.Category}".Split(' '))
            .Where(word => word.Length >= 3 && !word.StartsWith("No.", StringComparison.Ordinal) && !word.All(char.IsDigit))
            .Select(word => word.ToLowerInvariant())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        var categories = catalog.Select(p => p.Category).Distinct().Order(StringComparer.Ordinal).ToArray();
        string[] sorts = ["relevance", "price_asc", "price_desc", "newest", "name"];
        var made = new HashSet<string>(StringComparer.Ordinal);
        while (made.Count < count)
        {
            var parameters = new List<string>();
            if (random.Next(10) < 7)
            {
                parameters.Add("q=" + Uri.EscapeDataString(Text(random, words)));
            }

            if (random.Next(10) < 3)
            {
                var category = categories[random.Next(categories.Length)];
                parameters.Add("category=" + Uri.EscapeDataString(random.Next(4) == 0 ? category.ToLowerInvariant() : category));
            }

            switch (random.Next(10))
            {
                case 0:
                    parameters.Add($"minPrice={random.Next(1, 20) * 10}");
                    break;
                case 1:
                    parameters.Add($"maxPrice={random.Next(1, 30) * 10}");
                    break;
                case 2:
                    var low = random.Next(0, 30) * 10;
                    parameters.Add($"minPrice={low}&maxPrice={low + (random.Next(1, 20) * 10)}");
                    break;
            }

            if (random.Next(4) == 0)
            {
                parameters.Add(random.Next(5) == 0 ? "inStock=false" : "inStock=true");
            }

            if (random.Next(10) < 6)
            {
                parameters.Add("sort=" + sorts[random.Next(sorts.Length)]);
            }

            var page = random.Next(2) == 0 ? 1 : random.Next(2, 6);
            if (page > 1)
            {
                parameters.Add($"page={page}");
            }

            var path = parameters.Count == 0 ? "/api/v1/products" : "/api/v1/products?" + string.Join('&', parameters);
            if (made.Add(path))
            {
                yield return path;
            }
        }
    }

    /// <summary>The query a path of the mix asks for, as the products endpoint reads it.</summary>
    public static ProductQuery Parse(string path)
    {
        var separator = path.IndexOf('?');
        var values = HttpUtility.ParseQueryString(separator < 0 ? string.Empty : path[(separator + 1)..]);
        decimal? Price(string name) => values[name] is { } price ? decimal.Parse(price, CultureInfo.InvariantCulture) : null;
        var text = values["q"];
        if (!ProductSorting.TryParse(values["sort"], text, out var sort))
        {
            throw new FormatException($"Unknown sort in {path}");
        }

        var skip = ((values["page"] is { } page ? int.Parse(page, CultureInfo.InvariantCulture) : 1) - 1) * PagingLimits.DefaultPageSize;
        return new ProductQuery(text, values["category"], Price("minPrice"), Price("maxPrice"),
            values["inStock"] is { } inStock ? bool.Parse(inStock) : null, sort, skip, PagingLimits.DefaultPageSize);
    }

    /// <summary>One or two words; a quarter with one typo in a word, a third with the last word cut short.</summary>
    private static string Text(Random random, string[] words)
    {
        var chosen = Enumerable.Range(0, random.Next(3) == 0 ? 2 : 1).Select(_ => words[random.Next(words.Length)]).ToArray();
        if (random.Next(3) == 0 && chosen[^1].Length >= 5)
        {
            chosen[^1] = chosen[^1][..random.Next(3, chosen[^1].Length)];
        }
        else if (random.Next(4) == 0)
        {
            var i = random.Next(chosen.Length);
            chosen[i] = Typo(random, chosen[i]);
        }

        return string.Join(' ', chosen);
    }

    /// <summary>One edit: a letter replaced, dropped or added.</summary>
    private static string Typo(Random random, string word)
    {
        var text = new StringBuilder(word);
        var at = random.Next(word.Length);
        var letter = Alphabet[random.Next(Alphabet.Length)];
        switch (random.Next(3))
        {
            case 0:
                text[at] = letter == text[at] ? Alphabet[(Alphabet.IndexOf(letter) + 1) % Alphabet.Length] : letter;
                break;
            case 1 when word.Length >= 4:
                text.Remove(at, 1);
                break;
            default:
                text.Insert(at, letter);
                break;
        }

        return text.ToString();
    }
}
