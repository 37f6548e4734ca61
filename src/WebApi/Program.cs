using MarketMicro.Silo;
using MarketMicro.Silo.Health;
using MarketMicro.WebApi.Admin;
using MarketMicro.WebApi.Auth;
using MarketMicro.WebApi.Carts;
using MarketMicro.WebApi.Infrastructure;
using MarketMicro.WebApi.Orders;
using MarketMicro.WebApi.Products;
using MarketMicro.WebApi.Users;

var builder = WebApplication.CreateBuilder(HostArguments.ReadConfigurationOnce(args));
builder.Logging.AddMarketMicroConsole();
builder.AddMarketMicroHosting();
builder.AddMarketMicroHttp();
builder.AddMarketMicroAuth();
builder.AddMarketMicroAdminConsole();

var app = builder.Build();
app.UseMarketMicroHttp();
app.UseMarketMicroAdminConsole();
app.UseMarketMicroAuth();
app.MapMarketMicroHealth();
app.MapMarketMicroDocs();
if (HostingExtensions.IsEmbedded(app.Configuration))
{
    app.MapMarketMicroDashboard();
}

app.MapUsersEndpoints();
app.MapProductsEndpoints();
app.MapCartEndpoints();
app.MapOrdersEndpoints();
app.MapAdminOrdersEndpoints();
app.MapAdminEventsEndpoints();
app.Run();

/// <summary>Entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
