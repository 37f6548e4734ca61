using MarketMicro.Silo;
using MarketMicro.Silo.Health;
using MarketMicro.WebApi.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddMarketMicroConsole();
builder.AddMarketMicroHosting();
builder.AddMarketMicroHttp();

var app = builder.Build();
app.UseMarketMicroHttp();
app.MapMarketMicroHealth();
app.MapMarketMicroDocs();
app.Run();

/// <summary>Entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
