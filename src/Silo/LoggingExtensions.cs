using Microsoft.Extensions.Logging;

namespace MarketMicro.Silo;

public static class LoggingExtensions
{
    /// <summary>One JSON object per line on stdout, with scopes: what log collectors ingest without parsing rules.</summary>
    public static ILoggingBuilder AddMarketMicroConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.UseUtcTimestamp = true;
        });
        return logging;
    }
}
