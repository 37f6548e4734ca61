using MarketMicro.Orders;
using MarketMicro.Carts;

namespace MarketMicro.Grains.Orders;

/// <summary>What a placement request must satisfy before any stock is touched.</summary>
public static class OrderRequestRules
{
    public const int MaxShippingAddressLength = 500;

    public static void Validate(PlaceOrder request, int maxLines)
    {
        if (request.Lines.Count == 0)
        {
            throw new ValidationException("cart", "The cart is empty.");
        }

        if (request.Lines.Count > maxLines)
        {
            throw new ValidationException("cart", $"An order may have at most {maxLines} lines.");
        }

        var perProduct = request.Lines.GroupBy(line => line.ProductId).Select(group => group.Sum(line => (long)line.Quantity));
        if (request.Lines.Any(line => line.Quantity <= 0) || perProduct.Any(total => total > CartLimits.MaxQuantity))
        {
            throw new ValidationException("quantity", $"Every product's quantity must be between 1 and {CartLimits.MaxQuantity}.");
        }

        if (request.ShippingAddress is { Length: > MaxShippingAddressLength })
        {
            throw new ValidationException("shippingAddress", $"shippingAddress may have at most {MaxShippingAddressLength} characters.");
        }
    }

    /// <summary>The refusal of a placement that some products cannot fill (their ids are the items).</summary>
    public static ConflictException ShortConflict(IEnumerable<Guid> shortProducts) =>
        new("Not enough stock for some products; nothing was reserved.", shortProducts.Select(id => id.ToString()).ToList());

    /// <summary>One line per product, in a stable order (quantities already checked to fit).</summary>
    public static List<RequestedLine> MergeLines(IEnumerable<RequestedLine> lines) =>
        lines.GroupBy(line => line.ProductId)
            .Select(group => new RequestedLine(group.Key, group.Sum(line => line.Quantity)))
            .OrderBy(line => line.ProductId)
            .ToList();
}
