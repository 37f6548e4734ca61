using System.Net;
using System.Net.Http.Json;
using MarketMicro.WebApi.Tests.Hardening;
using static MarketMicro.WebApi.Tests.ShopData;

namespace MarketMicro.WebApi.Tests;

/// <summary>On a real Kestrel listener: JSON answers go out whole, with their length, not in chunks.</summary>
public sealed class JsonAnswersHttpTests(KestrelShop server) : IClassFixture<KestrelShop>
{
    [Fact]
    public async Task JsonAnswersCarryAContentLengthThatIsTheirBodysLengthAndAreNotChunked()
    {
        var customer = await server.Factory.NewCustomerAsync();
        var lamp = await server.Factory.CreateProductAsync(stock: 5, price: 19.99m);

        var answers = new (HttpStatusCode Status, HttpResponseMessage Response)[]
        {
            (HttpStatusCode.OK, await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId = lamp, quantity = 2 })),
            (HttpStatusCode.OK, await customer.GetAsync($"/api/v1/products/{lamp}")),
            (HttpStatusCode.OK, await customer.GetAsync("/api/v1/products?category=tests")),
            (HttpStatusCode.Created, await customer.PostAsync("/api/v1/orders", Json("{}"))),
        };

        foreach (var (status, response) in answers)
        {
            var what = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}";
            Assert.True(status == response.StatusCode, $"{what}: {(int)response.StatusCode}");
            Assert.True(response.Headers.TransferEncodingChunked is not true, $"{what} was chunked");
            Assert.True(response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var length), $"{what} has no Content-Length");
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), length.ToString());
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        }
    }
}
