using MarketMicro.Grains;
using MarketMicro.Grains.Projections;
using MarketMicro.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MarketMicro.Silo.Projections;

public static class ProjectionsExtensions
{
    /// <summary>
    /// The order ledger and the search index as projections of the stored grain state: caught up at start-up and every
    /// <c>Projections:CatchUpInterval</c>, and rebuilt on demand through <see cref="MarketMicro.Projections.IProjectionMaintenanceGrain"/>.
    /// </summary>
    public static ISiloBuilder UseMarketMicroProjections(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<ProjectionOptions>().Bind(configuration.GetSection(ProjectionOptions.Section));
        silo.Services.AddSingleton(sp => new StoredStateChanges(
            sp.GetRequiredService<DatabaseSettings>(), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        silo.Services.AddSingleton<IStoredStateChanges>(sp => sp.GetRequiredService<StoredStateChanges>());
        silo.Services.AddSingleton<IStoredWork>(sp => sp.GetRequiredService<StoredStateChanges>());
        silo.Services.AddSingleton<ProjectionPasses>();
        silo.Services.AddSingleton<IProjection, LedgerProjection>();
        silo.Services.AddSingleton<IProjection, SearchIndexProjection>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ProjectionCatchUpLoop>();
        return silo;
    }
}
