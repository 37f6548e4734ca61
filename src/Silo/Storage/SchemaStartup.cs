using Microsoft.Extensions.Configuration;

namespace MarketMicro.Silo.Storage;

/// <summary>Applies the schema before any storage provider or reminder table initializes.</summary>
internal sealed class SchemaStartup(SchemaInstaller installer, IConfiguration configuration) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaStartup), ServiceLifecycleStage.RuntimeInitialize, ApplyAsync);

    private Task ApplyAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(configuration.GetValue("Storage:StartupTimeoutSeconds", 60));
        return installer.ApplyAsync(timeout, cancellationToken);
    }
}
