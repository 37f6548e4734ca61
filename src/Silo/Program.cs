using MarketMicro.Silo.Health;

namespace MarketMicro.Silo;

/// <summary><c>dotnet run --project src/Silo</c>: one silo alone, with health endpoints on its own HTTP port.</summary>
internal static class SiloProgram
{
    private static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(HostArguments.ReadConfigurationOnce(args));
        builder.Logging.AddMarketMicroConsole();
        builder.AddMarketMicroSilo();
        builder.AddMarketMicroListeners("http://127.0.0.1:5100");

        var app = builder.Build();
        app.MapMarketMicroHealth();
        app.MapMarketMicroDashboard();
        app.Run();
    }
}
