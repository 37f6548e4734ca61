using MarketMicro.Projections;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace MarketMicro.Grains.Projections;

/// <summary>
/// The one place a projection's passes run in the cluster. Reentrant so that status reads and a joining catch-up are
/// answered while a pass runs; the passes themselves take turns.
/// </summary>
[Reentrant]
public sealed class ProjectionMaintenanceGrain(
    IEnumerable<IProjection> projections,
    ProjectionPasses passes,
    TimeProvider clock,
    ILogger<ProjectionMaintenanceGrain> logger) : Grain, IProjectionMaintenanceGrain
{
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private IProjection projection = null!;
    private ProjectionStatus status = null!;
    private Task<ProjectionStatus>? catchUp;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var name = this.GetPrimaryKeyString();
        projection = projections.SingleOrDefault(p => p.Name == name)
            ?? throw new ArgumentException($"No projection is named '{name}'; known: {string.Join(", ", projections.Select(p => p.Name))}.");
        status = new ProjectionStatus(name, null, false, 0, 0, null, null, null);
        return Task.CompletedTask;
    }

    public Task<ProjectionStatus> CatchUp() =>
        catchUp is { IsCompleted: false } running ? running : catchUp = RunAsync("catch-up", passes.CatchUpAsync);

    public Task<ProjectionStatus> Rebuild() => RunAsync("rebuild", passes.RebuildAsync);

    public Task<ProjectionStatus> GetStatus() => Task.FromResult(status);

    private async Task<ProjectionStatus> RunAsync(string pass, Func<IProjection, Action<int, int>, CancellationToken, Task<ProjectionPassResult>> run)
    {
        await oneAtATime.WaitAsync();
        try
        {
            status = status with { Pass = pass, Running = true, Applied = 0, Total = 0, FinishedAt = null, Error = null };
            var result = await run(projection, (applied, total) => status = status with { Applied = applied, Total = total }, CancellationToken.None);
            status = status with { Running = false, Applied = result.Applied, Checkpoint = result.Checkpoint, FinishedAt = Now() };
            if (result.Applied > 0)
            {
                logger.LogInformation("Projection {Projection}: {Pass} applied {Count} entities, checkpoint {Checkpoint}", status.Projection, pass, result.Applied, result.Checkpoint);
            }

            return status;
        }
        catch (Exception ex)
        {
            status = status with { Running = false, FinishedAt = Now(), Error = ex.Message };
            logger.LogWarning(ex, "Projection {Projection}: {Pass} failed; the next pass starts again from the checkpoint", status.Projection, pass);
            throw;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
