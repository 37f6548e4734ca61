using MarketMicro.Orders;

namespace MarketMicro.WebApi.Orders;

public static class OrderStatusNames
{
    public const string Allowed = "placed, confirmed, shipped, delivered, cancelled";

    /// <summary>Parses a status a client may name (not the saga's internal ones, not numbers).</summary>
    public static bool TryParsePublic(string? text, out OrderStatus status) =>
        Enum.TryParse(text, ignoreCase: true, out status)
        && !int.TryParse(text, out _)
        && status is not (OrderStatus.Placing or OrderStatus.Rejected);
}
