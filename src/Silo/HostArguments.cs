namespace MarketMicro.Silo;

/// <summary>
/// The command line each entry point hands to <c>WebApplication.CreateBuilder</c>: configuration files are read once at
/// start, not watched. To reload appsettings.json on change the host watches its whole content root, every subfolder
/// included, and the embedded default's <c>data/</c> folder (database, search index) is in it, in the repository and in
/// the image: every write to the database woke the watcher's thread for a file nobody watches. Settings come from the
/// environment in every deployment, so a change means a restart anyway. Given again on the command line (the last value
/// wins), <c>--hostBuilder:reloadConfigOnChange=true</c> turns watching back on.
/// </summary>
public static class HostArguments
{
    /// <summary>The host's own setting (Microsoft.Extensions.Hosting) for reloading configuration files on change.</summary>
    public const string ReloadConfigOnChange = "hostBuilder:reloadConfigOnChange";

    public static string[] ReadConfigurationOnce(string[] args) => [$"--{ReloadConfigOnChange}=false", .. args];
}
