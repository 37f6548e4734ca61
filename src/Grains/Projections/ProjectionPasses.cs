using System.Globalization;
using Microsoft.Extensions.Options;

namespace MarketMicro.Grains.Projections;

/// <summary>What a pass did: how many entities it applied and the checkpoint it left.</summary>
public sealed record ProjectionPassResult(int Applied, string? Checkpoint);

/// <summary>
/// The two passes that make a projection converge to the stored truth. A catch-up applies every entity written since
/// the checkpoint (minus the safety margin), oldest first, and moves the checkpoint after each batch, so an interrupted
/// pass resumes where it stopped. A rebuild empties the projection first, which makes the next catch-up a full one.
/// </summary>
public sealed class ProjectionPasses(IStoredStateChanges changes, IOptions<ProjectionOptions> options)
{
    private const int BatchSize = 256;

    public async Task<ProjectionPassResult> RebuildAsync(IProjection projection, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        await projection.ClearAsync(cancellationToken);
        return await CatchUpAsync(projection, progress, cancellationToken);
    }

    public async Task<ProjectionPassResult> CatchUpAsync(IProjection projection, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        var checkpoint = await projection.GetCheckpointAsync(cancellationToken);
        var reached = Parse(checkpoint);
        var read = await changes.ReadSinceAsync(projection.StateName, reached - options.Value.SafetyMargin, cancellationToken);
        var pending = read.Items;
        var applied = 0;
        progress?.Invoke(applied, pending.Count);
        foreach (var batch in pending.Chunk(BatchSize))
        {
            await projection.ApplyAsync(batch.Select(change => change.Id).ToList(), cancellationToken);
            applied += batch.Length;
            if (applied < pending.Count)
            {
                await MoveCheckpointAsync(batch[^1].ModifiedOn);
            }

            progress?.Invoke(applied, pending.Count);
        }

        // Everything written up to the moment of the read is applied now, so the next pass starts a safety margin before
        // that moment, not before the newest write it saw: an idle shop's passes then read nothing, instead of applying the
        // last margin's worth of writes (after an import, thousands of products) again every pass. A write stamped after
        // that moment and read all the same moves it further.
        await MoveCheckpointAsync(pending.Count > 0 && pending[^1].ModifiedOn > read.ReadAt ? pending[^1].ModifiedOn : read.ReadAt);
        return new ProjectionPassResult(applied, checkpoint);

        async Task MoveCheckpointAsync(DateTime to)
        {
            if (reached is null || to > reached)
            {
                reached = to;
                checkpoint = Format(to);
                await projection.SetCheckpointAsync(checkpoint, cancellationToken);
            }
        }
    }

    /// <summary>Checkpoints are UTC instants in round-trip format, readable by an operator.</summary>
    public static string Format(DateTime modifiedOn) =>
        DateTime.SpecifyKind(modifiedOn, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    public static DateTime? Parse(string? checkpoint) =>
        checkpoint is null ? null : DateTime.Parse(checkpoint, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
