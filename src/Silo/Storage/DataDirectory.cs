using Microsoft.Extensions.Configuration;

namespace MarketMicro.Silo.Storage;

/// <summary>The folder holding everything the embedded default writes (database, search index, signing key).</summary>
public static class DataDirectory
{
    public const string ConfigurationKey = "Storage:DataDirectory";

    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration[ConfigurationKey];
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured);
        Directory.CreateDirectory(path);
        return path;
    }
}
