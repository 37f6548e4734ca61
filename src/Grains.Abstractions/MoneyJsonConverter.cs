using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketMicro;

/// <summary>Writes every decimal (all of them are money) as a JSON number with two decimals: 19.99, 20.00.</summary>
public sealed class MoneyJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Money.Round(value) + 0.00m);
}
