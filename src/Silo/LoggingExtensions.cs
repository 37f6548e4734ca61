using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace MarketMicro.Silo;

public static class LoggingExtensions
{
    public const string FormatKey = "Logging:Format";

    /// <summary>
    /// Console logs in the format <c>Logging:Format</c> names: <c>json</c> (one object per line with scopes, what log
    /// collectors ingest without parsing rules) or <c>simple</c> (for a person at a terminal). Unset, it is simple
    /// when stdout is a terminal and json when it is redirected (containers, log shippers, files).
    /// </summary>
    public static ILoggingBuilder AddMarketMicroConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.UseUtcTimestamp = true;
        });
        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });
        logging.Services.AddOptions<ConsoleLoggerOptions>().PostConfigure<IConfiguration>((options, configuration) =>
            options.FormatterName = ChooseFormat(configuration[FormatKey], Console.IsOutputRedirected));
        return logging;
    }

    /// <summary>The console formatter name for a configured format (json or simple), else by where stdout goes.</summary>
    public static string ChooseFormat(string? configured, bool outputRedirected) => configured?.Trim().ToLowerInvariant() switch
    {
        null or "" => outputRedirected ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple,
        "json" => ConsoleFormatterNames.Json,
        "simple" => ConsoleFormatterNames.Simple,
        _ => throw new InvalidOperationException($"{FormatKey} must be 'json' or 'simple', not '{configured}'."),
    };
}
