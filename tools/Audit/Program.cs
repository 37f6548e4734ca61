using System.Text.Json;
using MarketMicro.Audit;
using MarketMicro.Audit.Tool;
using MarketMicro.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Audits a running shop's invariants (stock balances, reservations, ledger, search index) inside its silo:
// dotnet run --project tools/Audit -- [--gateway 127.0.0.1:30000 | --redis host:port] [--service-id ...] [--cluster-id ...] [--json]
// Exit code 0 when every check is clean, 1 on any mismatch, 2 on a usage or connection error.
const string Usage = $"usage: audit {OperatorConnection.Usage} [--json]";
OperatorConnection connection;
bool json;
try
{
    var (parsed, rest) = OperatorConnection.Parse(args);
    (connection, json) = rest switch
    {
        [] => (parsed, false),
        ["--json"] => (parsed, true),
        _ => throw new ArgumentException($"unknown argument {rest.First(arg => arg != "--json")}"),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"{ex.Message}\n{Usage}");
    return 2;
}

var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
// An audit reads every product and order of the shop: it takes longer than an ordinary call may.
builder.AddMarketMicroOperatorClient(connection, responseTimeout: TimeSpan.FromHours(1));

AuditReport report;
try
{
    using var host = builder.Build();
    await host.StartAsync();
    report = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IShopAuditGrain>(0).Run();
    await host.StopAsync();
}
catch (Exception ex)
{
    Console.Error.WriteLine($"The audit could not run: {ex.Message}");
    return 2;
}

Console.WriteLine(json ? JsonSerializer.Serialize(report, AuditText.Json) : AuditText.Table(report));
return report.Clean ? 0 : 1;
