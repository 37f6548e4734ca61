using MarketMicro.Products;

namespace MarketMicro.Grains.Products;

/// <summary>What a product must satisfy: name 1-200, price over 0 with at most two decimals, stock ≥ 0, ...</summary>
public static class ProductRules
{
    public const int MaxName = 200;
    public const int MaxDescription = 5000;
    public const int MaxCategory = 100;
    public const int MaxImageUrl = 2048;
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>Every broken rule by field (empty when the draft is fine).</summary>
    public static Dictionary<string, string[]> Check(ProductDraft draft)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > MaxName)
        {
            Fail("name", $"name must have 1 to {MaxName} characters.");
        }

        if (draft.Description is null || draft.Description.Length > MaxDescription)
        {
            Fail("description", $"description must have at most {MaxDescription} characters.");
        }

        if (draft.Price <= 0 || draft.Price > MaxPrice || decimal.Round(draft.Price, 2) != draft.Price)
        {
            Fail("price", $"price must be over 0 and at most {MaxPrice}, with at most two decimals.");
        }

        if (string.IsNullOrWhiteSpace(draft.Category) || draft.Category.Trim().Length > MaxCategory)
        {
            Fail("category", $"category must have 1 to {MaxCategory} characters.");
        }

        if (draft.Stock < 0)
        {
            Fail("stock", "stock must be 0 or more.");
        }

        if (draft.ImageUrl is { } url && (url.Length > MaxImageUrl
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            Fail("imageUrl", "imageUrl must be an absolute http(s) URL.");
        }

        if (draft.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            Fail("currency", "currency must be a three-letter ISO code such as USD.");
        }

        return errors;
    }

    public static ProductDraft Normalize(ProductDraft draft) =>
        draft with { Name = draft.Name.Trim(), Category = draft.Category.Trim(), Description = draft.Description.Trim() };
}
