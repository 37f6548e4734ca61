using System.Diagnostics;
using MarketMicro.Projections;
using MarketMicro.Rebuild;
using MarketMicro.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Rebuilds a projection (the order ledger or the search index) from the grains' stored state, on a running shop:
// dotnet run --project tools/Rebuild -- ledger|search [--gateway 127.0.0.1:30000 | --redis host:port] [--service-id ...] [--cluster-id ...]
// Without --gateway or --redis it reaches the embedded default's gateway (Orleans__GatewayPort, default 30000) on
// this machine. Exit code 0 when the rebuild finished, 1 otherwise.
RebuildOptions options;
try
{
    options = RebuildOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"{ex.Message}\n{RebuildOptions.Usage}");
    return 1;
}

var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
// A rebuild of a large catalog takes longer than an ordinary call may.
builder.AddMarketMicroOperatorClient(options.Connection, responseTimeout: TimeSpan.FromHours(2));

try
{
    using var host = builder.Build();
    await host.StartAsync();
    var grain = host.Services.GetRequiredService<IClusterClient>().GetGrain<IProjectionMaintenanceGrain>(options.Projection);
    Console.WriteLine($"Rebuilding the {options.Projection} projection from the stored state...");
    var clock = Stopwatch.StartNew();
    var rebuild = grain.Rebuild();
    while (await Task.WhenAny(rebuild, Task.Delay(TimeSpan.FromSeconds(1))) != rebuild)
    {
        var progress = await grain.GetStatus();
        Console.WriteLine($"  {progress.Applied} of {progress.Total} applied");
    }

    var done = await rebuild;
    Console.WriteLine($"Rebuilt {done.Projection}: {done.Applied} applied in {clock.Elapsed.TotalSeconds:F1} s, checkpoint {done.Checkpoint ?? "none (nothing stored)"}.");
    await host.StopAsync();
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"Rebuild of {options.Projection} failed: {ex.Message}");
    return 1;
}
