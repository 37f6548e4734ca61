using System.Text.Json;
using MarketMicro.WebApi.Infrastructure;

namespace MarketMicro.Domain.Tests.Rules;

public sealed class MoneyAndPagingTests
{
    [Theory]
    [InlineData("19.995", "20.00")]
    [InlineData("19.994", "19.99")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("20", "20.00")]
    [InlineData("0", "0.00")]
    public void MoneyIsWrittenWithTwoDecimalsRoundedHalfAwayFromZero(string amount, string json)
    {
        var options = new JsonSerializerOptions();
        HttpPipelineExtensions.ConfigureJson(options);
        Assert.Equal(json, JsonSerializer.Serialize(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), options));
    }

    [Theory]
    [InlineData(19.99, 1999L)]
    [InlineData(0.015, 2L)]
    [InlineData(1_000_000, 100_000_000L)]
    public void CentsRoundTrip(decimal amount, long cents)
    {
        Assert.Equal(cents, Money.ToCents(amount));
        Assert.Equal(Money.Round(amount), Money.FromCents(cents));
    }

    [Fact]
    public void PagingDefaultsToTheFirstPageOfTwenty()
    {
        var errors = new Dictionary<string, string[]>();
        Assert.Equal(new Paging(1, 20), Paging.Read(null, null, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(0, 20, "page")]
    [InlineData(-5, 20, "page")]
    [InlineData(501, 20, "page")]
    [InlineData(101, 100, "page")]
    [InlineData(int.MaxValue, 100, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, 101, "pageSize")]
    public void OutOfRangePagesAreFieldErrors(int page, int pageSize, string field)
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Read(page, pageSize, errors);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void TheLastPageInsideTheResultWindowIsAllowed()
    {
        var errors = new Dictionary<string, string[]>();
        Assert.Equal(9_900, Paging.Read(100, 100, errors).Skip);
        Assert.Empty(errors);
    }
}
