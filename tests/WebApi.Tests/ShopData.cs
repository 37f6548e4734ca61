using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MarketMicro.Products;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.WebApi.Tests;

/// <summary>Test data made through the grains directly (products) or the API as a customer would (orders).</summary>
public static class ShopData
{
    public static IGrainFactory Grains(this ShopApiFactory factory) => factory.Services.GetRequiredService<IGrainFactory>();

    public static async Task<Guid> CreateProductAsync(this ShopApiFactory factory, int stock, decimal price = 10m)
    {
        var id = Guid.NewGuid();
        await factory.Grains().GetGrain<IProductGrain>(id).Create(new ProductDetails($"Product {id:N}", "For tests", price, "tests", null), stock);
        return id;
    }

    /// <summary>Puts <paramref name="quantity"/> of the product in the customer's cart and places the order; returns its id.</summary>
    public static async Task<string> PlaceOrderAsync(this HttpClient customer, Guid productId, int quantity)
    {
        await customer.PostAsJsonAsync("/api/v1/cart/add", new { productId, quantity });
        var placed = await customer.PostAsync("/api/v1/orders", Json("{}"));
        var body = await placed.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("id", out var id) ? id.GetString()! : throw new Xunit.Sdk.XunitException($"no order placed: {(int)placed.StatusCode} {body}");
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
