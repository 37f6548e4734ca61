using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using MarketMicro.Grains;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace MarketMicro.Silo.Storage;

/// <summary>
/// Grain state in the project's <c>OrleansStorage</c> table with group commit: the writes that grains make while a
/// transaction commits wait for the next one and share it, so a busy silo pays one transaction and one sync for many
/// writes instead of one each. Every caller is answered only once its own write is durable, and each write still
/// applies only when its grain holds the stored version (otherwise <see cref="InconsistentStateException"/>, as before).
/// Rows are keyed exactly as Orleans' ADO.NET provider keys them, so existing data reads unchanged. A state that owes
/// work (<see cref="IOwesWork"/>) has its row stamped with when it began to (<c>PendingSince</c>) in the same statement.
/// </summary>
public sealed class GroupCommitGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly DatabaseSettings database;
    private readonly IGrainStateDialect dialect;
    private readonly IGrainStorageSerializer serializer;
    private readonly string serviceId;
    private readonly GroupCommit<GrainStateWrite> commits;
    private readonly ConcurrentDictionary<string, long> readsFromStore = new(StringComparer.Ordinal);

    /// <summary>The most writes one transaction carries.</summary>
    public const int MostWritesPerBatch = 256;

    public GroupCommitGrainStorage(DatabaseSettings database, IGrainStorageSerializer serializer, IOptions<ClusterOptions> cluster)
    {
        this.database = database;
        this.serializer = serializer;
        serviceId = cluster.Value.ServiceId;
        dialect = IGrainStateDialect.For(database.Kind);

        commits = new GroupCommit<GrainStateWrite>(CommitAsync, MostWritesPerBatch,
            writers: database.GrainWriters, blockingCommits: database.CommitsBlockTheirThread);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // A grain whose caller has just minted its key has no row to read.
        var stored = NewGrain.IsMarked(grainId) ? null : await ReadStoredAsync(stateName, grainId);
        grainState.State = stored?.Payload is { } payload ? serializer.Deserialize<T>(new BinaryData(payload)) : Activator.CreateInstance<T>();
        grainState.ETag = stored?.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = stored?.Payload is not null;
    }

    private async Task<(byte[]? Payload, int Version)?> ReadStoredAsync(string stateName, GrainId grainId)
    {
        readsFromStore.AddOrUpdate(stateName, 1, (_, count) => count + 1);
        await using var connection = database.CreateGrainStorageConnection();
        await connection.OpenAsync();
        return await dialect.ReadAsync(connection, GrainStorageKey.From(serviceId, stateName, grainId), CancellationToken.None);
    }

    /// <summary>How many states of <paramref name="stateName"/> this storage has read from the database for activations (diagnostics).</summary>
    public long ReadsFromStore(string stateName) => readsFromStore.GetValueOrDefault(stateName);

    /// <summary>
    /// The stored states of many grains of one state name, read one after the other on one connection, for a reader that
    /// is not the grain (a projection's catch-up): nothing is activated, and the reads are not counted in
    /// <see cref="ReadsFromStore"/>. A grain without a stored state is left out.
    /// </summary>
    public async Task<List<T>> ReadStoredStatesAsync<T>(string stateName, IEnumerable<GrainId> grainIds, CancellationToken cancellationToken)
    {
        var states = new List<T>();
        await using var connection = database.CreateGrainStorageConnection();
        await connection.OpenAsync(cancellationToken);
        foreach (var grainId in grainIds)
        {
            if (await dialect.ReadAsync(connection, GrainStorageKey.From(serviceId, stateName, grainId), cancellationToken) is { Payload: { } payload }
                && serializer.Deserialize<T>(new BinaryData(payload)) is { } state)
            {
                states.Add(state);
            }
        }

        return states;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = Bytes(serializer.Serialize(grainState.State));
        grainState.ETag = await CommitOneAsync(stateName, grainId, grainState.ETag, payload, "write", grainState.State is IOwesWork { OwesWork: true });
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null)
        {
            // The row stays (payload NULL) and its version moves on, so a stale writer is still refused.
            grainState.ETag = await CommitOneAsync(stateName, grainId, grainState.ETag, null, "clear");
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    public ValueTask DisposeAsync() => commits.DisposeAsync();

    /// <summary>The serialized state as one array: the serializer's own when it handed over exactly one (the silo's does), else a copy.</summary>
    private static byte[] Bytes(BinaryData data) =>
        MemoryMarshal.TryGetArray(data.ToMemory(), out var segment) && segment is { Offset: 0, Array: { } array } && segment.Count == array.Length
            ? array
            : data.ToArray();

    private async Task<string> CommitOneAsync(string stateName, GrainId grainId, string? etag, byte[]? payload, string operation, bool owesWork = false)
    {
        var expected = etag is null ? (int?)null : int.Parse(etag, CultureInfo.InvariantCulture);
        var write = new GrainStateWrite(GrainStorageKey.From(serviceId, stateName, grainId), payload, expected) { OwesWork = owesWork };
        await commits.SubmitAsync(write);
        return write.NewVersion?.ToString(CultureInfo.InvariantCulture)
            ?? throw new InconsistentStateException($"Version conflict ({operation}): ServiceId={serviceId} State={write.Key} ETag={etag}.");
    }

    private async Task CommitAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        await using var connection = database.CreateGrainWriteConnection();
        await connection.OpenAsync(cancellationToken);
        await dialect.CommitAsync(connection, writes, cancellationToken);
    }
}
