using MarketMicro.Orders;

namespace MarketMicro.Domain.Tests.Orders;

public sealed class OrderStatusesTests
{
    public static TheoryData<OrderStatus, OrderStatus> Allowed => new()
    {
        { OrderStatus.Placed, OrderStatus.Confirmed },
        { OrderStatus.Confirmed, OrderStatus.Shipped },
        { OrderStatus.Shipped, OrderStatus.Delivered },
        { OrderStatus.Placed, OrderStatus.Cancelled },
        { OrderStatus.Confirmed, OrderStatus.Cancelled },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void LegalTransitionsAreAllowed(OrderStatus from, OrderStatus to) => Assert.True(OrderStatuses.CanMove(from, to));

    [Fact]
    public void EveryOtherTransitionIsRefused()
    {
        var allowed = Allowed.Select(row => ((OrderStatus)row[0], (OrderStatus)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>().Where(to => !allowed.Contains((from, to))))
            {
                Assert.False(OrderStatuses.CanMove(from, to), $"{from} -> {to} must be refused");
            }
        }
    }

    [Theory]
    [InlineData("placed", OrderStatus.Placed)]
    [InlineData("confirmed", OrderStatus.Confirmed)]
    [InlineData("shipped", OrderStatus.Shipped)]
    [InlineData("delivered", OrderStatus.Delivered)]
    [InlineData("cancelled", OrderStatus.Cancelled)]
    public void EachDocumentedNameParsesToItsStatus(string name, OrderStatus expected)
    {
        Assert.True(OrderStatuses.TryParseVisible(name, out var status));
        Assert.Equal(expected, status);
        Assert.Equal(name, OrderStatuses.Name(status));
    }

    [Theory]
    [InlineData("placed,confirmed")]
    [InlineData("confirmed, shipped")]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("99")]
    [InlineData("placing")]
    [InlineData("rejected")]
    [InlineData("Confirmed")]
    [InlineData(" confirmed")]
    [InlineData("")]
    [InlineData(null)]
    public void AnythingButOneDocumentedNameIsRefused(string? text) => Assert.False(OrderStatuses.TryParseVisible(text, out _));

    [Fact]
    public void RevenueCountsConfirmedShippedAndDeliveredOnly()
    {
        var revenue = Enum.GetValues<OrderStatus>().Where(OrderStatuses.CountsAsRevenue);
        Assert.Equal([OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered], revenue);
    }

    [Fact]
    public void TheSagasInternalStatusesAreNeverVisible()
    {
        Assert.Equal("placed, confirmed, shipped, delivered, cancelled", OrderStatuses.VisibleNames);
        Assert.False(OrderStatuses.IsVisible(OrderStatus.Placing));
        Assert.False(OrderStatuses.IsVisible(OrderStatus.Rejected));
    }
}
