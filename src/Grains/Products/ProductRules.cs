using MarketMicro.Products;
namespace MarketMicro.Grains.Products;

/// <summary>What a product's details must satisfy: name 1-200 characters, price over 0 with at most two decimals, ...</summary>
public static class ProductRules
{
    /// <summary>The details trimmed, or a validation error naming every broken rule by field.</summary>
    public static ProductDetails Validated(ProductDetails details)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(details.Name) || details.Name.Trim().Length > ProductLimits.MaxName)
        {
            Fail("name", $"name must have 1 to {ProductLimits.MaxName} characters.");
        }

        if (details.Description is null || details.Description.Length > ProductLimits.MaxDescription)
        {
            Fail("description", $"description must have at most {ProductLimits.MaxDescription} characters.");
        }

        if (details.Price <= 0 || details.Price > Money.MaxPrice || !Money.HasCents(details.Price))
        {
            Fail("price", $"price must be over 0 and at most {Money.MaxPrice}, with at most two decimals.");
        }

        if (string.IsNullOrWhiteSpace(details.Category) || details.Category.Trim().Length > ProductLimits.MaxCategory)
        {
            Fail("category", $"category must have 1 to {ProductLimits.MaxCategory} characters.");
        }

        if (details.ImageUrl is { } url && (url.Length > ProductLimits.MaxImageUrl
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            Fail("imageUrl", "imageUrl must be an absolute http(s) URL.");
        }

        if (details.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            Fail("currency", "currency must be a three-letter ISO code such as USD.");
        }

        return errors.Count > 0
            ? throw new ValidationException(errors)
            : details with { Name = details.Name.Trim(), Category = details.Category.Trim(), Description = details.Description!.Trim() };
    }
}
