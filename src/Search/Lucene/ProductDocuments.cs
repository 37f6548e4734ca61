using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using MarketMicro.Products;

namespace MarketMicro.Search.Lucene;

/// <summary>How a product is laid out in the Lucene index.</summary>
internal static class ProductDocuments
{
    public const string Id = "id";
    public const string Name = "name";
    public const string Description = "description";
    public const string CategoryText = "category_text";
    public const string Category = "category";
    public const string CategoryFacet = "category_facet";
    public const string Price = "price";
    public const string PriceValue = "price_dv";
    public const string InStock = "in_stock";
    public const string Created = "created_dv";
    public const string NameSort = "name_sort";
    public const string IdSort = "id_sort";
    public const string Version = "version";
    public const string VersionValue = "version_dv";
    public const string Json = "json";

    public static Document ToDocument(ProductSnapshot product)
    {
        var id = product.Id.ToString();
        return
        [
            new StringField(Id, id, Field.Store.YES),
            new SortedDocValuesField(IdSort, new BytesRef(id)),
            new TextField(Name, product.Name, Field.Store.NO),
            new TextField(Description, product.Description, Field.Store.NO),
            new TextField(CategoryText, product.Category, Field.Store.NO),
            new StringField(Category, CategoryKey(product.Category), Field.Store.NO),
            new SortedDocValuesField(CategoryFacet, new BytesRef(product.Category)),
            new DoubleField(Price, (double)product.Price, Field.Store.NO),
            new DoubleDocValuesField(PriceValue, (double)product.Price),
            new StringField(InStock, product.InStock ? "true" : "false", Field.Store.NO),
            new NumericDocValuesField(Created, product.CreatedAt.Ticks),
            new SortedDocValuesField(NameSort, new BytesRef(product.Name.ToLowerInvariant())),
            new StoredField(Version, product.Version),
            new NumericDocValuesField(VersionValue, product.Version),
            new StoredField(Json, JsonSerializer.Serialize(product)),
        ];
    }

    public static ProductSnapshot FromDocument(Document document) =>
        JsonSerializer.Deserialize<ProductSnapshot>(document.Get(Json))!;

    /// <summary>Categories are filtered case-insensitively.</summary>
    public static string CategoryKey(string category) => category.Trim().ToLowerInvariant();
}
