using MarketMicro.Silo;
using MarketMicro.Silo.Health;
using MarketMicro.WebApi.Admin;
using MarketMicro.WebApi.Carts;
using MarketMicro.WebApi.Infrastructure;
using MarketMicro.WebApi.Orders;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddMarketMicroConsole();
builder.AddMarketMicroHosting();
builder.AddMarketMicroHttp();

var app = builder.Build();
app.UseMarketMicroHttp();
app.MapMarketMicroHealth();
app.MapMarketMicroDocs();
if (HostingExtensions.IsEmbedded(app.Configuration))
{
    app.MapMarketMicroDashboard();
}

app.MapCartEndpoints();
app.MapOrdersEndpoints();
app.MapAdminOrdersEndpoints();
app.Run();

/// <summary>Entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
