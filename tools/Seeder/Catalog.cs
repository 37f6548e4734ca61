namespace MarketMicro.Seeder;

/// <summary>A deterministic demo catalog: the same seed always gives the same products, so re-runs add nothing twice.</summary>
internal static class Catalog
{
    private static readonly (string Category, string[] Nouns, decimal Low, decimal High)[] Departments =
    [
        ("Audio", ["Headphones", "Earbuds", "Speaker", "Soundbar", "Turntable", "Amplifier"], 15m, 600m),
        ("Computers", ["Laptop Stand", "Keyboard", "Mouse", "Monitor", "Webcam", "USB Hub"], 10m, 900m),
        ("Home", ["Desk Lamp", "Armchair", "Bookshelf", "Rug", "Curtain", "Mirror"], 12m, 800m),
        ("Kitchen", ["Kettle", "Frying Pan", "Chef Knife", "Teapot", "Blender", "Cutting Board"], 8m, 350m),
        ("Outdoor", ["Tent", "Backpack", "Sleeping Bag", "Camp Stove", "Water Bottle", "Headlamp"], 9m, 500m),
        ("Grocery", ["Coffee Beans", "Green Tea", "Olive Oil", "Dark Chocolate", "Honey", "Granola"], 3m, 60m),
        ("Fitness", ["Yoga Mat", "Dumbbell Set", "Jump Rope", "Foam Roller", "Kettlebell", "Resistance Bands"], 7m, 300m),
        ("Books", ["Cookbook", "Travel Guide", "Novel", "Atlas", "Field Guide", "Sketchbook"], 6m, 80m),
    ];

    private static readonly string[] Qualities = ["Classic", "Compact", "Deluxe", "Eco", "Everyday", "Nordic", "Pro", "Smart", "Vintage", "Wireless", "Café", "Urban"];
    private static readonly string[] Materials = ["Oak", "Steel", "Linen", "Ceramic", "Bamboo", "Copper", "Wool", "Walnut", "Cotton", "Leather", "Glass", "Granite"];
    private static readonly string[] Colors = ["black", "white", "forest green", "navy", "sand", "terracotta", "slate grey", "mustard"];

    public static IEnumerable<ProductSeed> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var made = 0; made < count;)
        {
            var (category, nouns, low, high) = Departments[random.Next(Departments.Length)];
            var noun = nouns[random.Next(nouns.Length)];
            var name = $"{Qualities[random.Next(Qualities.Length)]} {Materials[random.Next(Materials.Length)]} {noun}";
            if (!names.Add(name))
            {
                name = $"{name} No. {made + 1}";
                names.Add(name);
            }

            var price = decimal.Round(low + (decimal)random.NextDouble() * (high - low), 2);
            var color = Colors[random.Next(Colors.Length)];
            var description = $"A {color} {noun.ToLowerInvariant()} from our {category.ToLowerInvariant()} range: " +
                $"{name.ToLowerInvariant()} built to last, with a {random.Next(1, 6)}-year warranty.";
            yield return new ProductSeed(name, description, price, category, random.Next(10) == 0 ? 0 : random.Next(1, 250));
            made++;
        }
    }
}

internal sealed record ProductSeed(string Name, string Description, decimal Price, string Category, int Stock);
