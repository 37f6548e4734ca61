using System.Data.Common;
using System.Globalization;
using MarketMicro.Grains;
using MarketMicro.Grains.Orders;
using MarketMicro.Orders;
using MarketMicro.Silo.Projections;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MarketMicro.Silo.Tests;

/// <summary>The group-committed grain storage against the real databases: many writers share commits, each one safely.</summary>
public sealed class GroupCommitGrainStorageTests
{
    private static readonly GrainType ProbeType = GrainType.Create("probe");

    public static TheoryData<string> Databases => new() { "sqlite", "mariadb" };

    [Theory, MemberData(nameof(Databases))]
    public async Task ConcurrentWritesFromManyGrainsAreAllStoredAndReadBack(string kind)
    {
        await using var store = await StoreAsync(kind);
        var ids = Enumerable.Range(0, 300).Select(_ => GrainId.Create(ProbeType, Guid.NewGuid().ToString("N"))).ToArray();

        await Task.WhenAll(ids.Select(async id =>
        {
            var state = new GrainState<List<string>>([id.ToString()]);
            await store.Storage.WriteStateAsync("probe", id, state);
            state.State!.Add("second");
            await store.Storage.WriteStateAsync("probe", id, state);
            Assert.Equal("2", state.ETag);
        }));

        await using var reopened = await store.ReopenAsync();
        foreach (var id in ids)
        {
            var read = new GrainState<List<string>>();
            await reopened.Storage.ReadStateAsync("probe", id, read);
            Assert.Equal([id.ToString(), "second"], read.State);
            Assert.Equal("2", read.ETag);
            Assert.True(read.RecordExists);
        }
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task AStateIsStoredAsOrleansStorageSerializerWritesItSoRowsWrittenBeforeAndAfterReadAlike(string kind)
    {
        await using var store = await StoreAsync(kind);
        var id = GrainId.Create(ProbeType, "format");
        // Larger than the storage serializer's first buffer (256 bytes), as a product with a few hundred open sales is.
        var state = new GrainState<Dictionary<Guid, int>>(Enumerable.Range(0, 400).ToDictionary(_ => Guid.NewGuid(), i => i));
        await store.Storage.WriteStateAsync("probe", id, state);

        await using var connection = store.Database.CreateConnection();
        await connection.OpenAsync();
        var stored = await IGrainStateDialect.For(store.Database.Kind).ReadAsync(connection, GrainStorageKey.From(store.ServiceId, "probe", id), CancellationToken.None);
        var orleansStorageBytes = new OrleansGrainStorageSerializer(Store.Serializer).Serialize(state.State).ToArray();
        Assert.Equal(orleansStorageBytes, stored!.Value.Payload);

        var read = new GrainState<Dictionary<Guid, int>>();
        await store.Storage.ReadStateAsync("probe", id, read);
        Assert.Equal(state.State, read.State);
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task AStaleWriteIsRefusedWhileTheWritesCommittedWithItSucceed(string kind)
    {
        await using var store = await StoreAsync(kind);
        var contested = GrainId.Create(ProbeType, "contested");
        var first = new GrainState<List<string>>(["first"]);
        await store.Storage.WriteStateAsync("probe", contested, first);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = first.ETag };
        first.State!.Add("newer");
        await store.Storage.WriteStateAsync("probe", contested, first);

        var others = Enumerable.Range(0, 50).Select(i => GrainId.Create(ProbeType, $"other-{i}")).ToArray();
        var writes = others.Select(id => store.Storage.WriteStateAsync("probe", id, new GrainState<List<string>>(["fine"]))).ToList();
        var refused = Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync("probe", contested, stale));
        await Task.WhenAll(writes);
        await refused;

        var read = new GrainState<List<string>>();
        await store.Storage.ReadStateAsync("probe", contested, read);
        Assert.Equal(["first", "newer"], read.State);
        foreach (var id in others)
        {
            await store.Storage.ReadStateAsync("probe", id, read);
            Assert.Equal(["fine"], read.State);
        }
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task AStateThatOwesWorkKeepsTheStampOfItsFirstOwingWriteUntilAWriteOwesNothingAndOnlyThenLeavesTheSweep(string kind)
    {
        await using var store = await StoreAsync(kind);
        var sweep = new StoredStateChanges(store.Database, store.ServiceId);
        var orderId = Guid.NewGuid();
        var id = GrainId.Create(ProbeType, orderId.ToString("N"));
        var plain = GrainId.Create(ProbeType, Guid.NewGuid().ToString("N"));
        var order = new GrainState<Order>(new Order { Id = orderId, Exists = true, Status = OrderStatus.Placing });
        await store.Storage.WriteStateAsync("probe", id, order);
        await store.Storage.WriteStateAsync("probe", plain, new GrainState<List<string>>(["owes nothing it knows of"]));
        var stamped = await StampAsync(store, id);

        Assert.NotNull(stamped);
        Assert.Null(await StampAsync(store, plain));
        Assert.Equal([orderId], await sweep.ReadOwingAsync("probe", TimeSpan.Zero, 10));
        Assert.Empty(await sweep.ReadOwingAsync("probe", TimeSpan.FromHours(1), 10));
        Assert.Empty(await sweep.ReadOwingAsync("other", TimeSpan.Zero, 10));

        await Task.Delay(20);
        order.State!.Status = OrderStatus.Placed;
        await store.Storage.WriteStateAsync("probe", id, order);
        Assert.Equal(stamped, await StampAsync(store, id));

        order.State.RecordedWithUser = true;
        await store.Storage.WriteStateAsync("probe", id, order);
        Assert.Null(await StampAsync(store, id));
        Assert.Empty(await sweep.ReadOwingAsync("probe", TimeSpan.Zero, 10));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ASecondFirstWriteOfTheSameGrainIsRefused(string kind)
    {
        await using var store = await StoreAsync(kind);
        var id = GrainId.Create(ProbeType, "twice");
        await store.Storage.WriteStateAsync("probe", id, new GrainState<List<string>>(["one"]));

        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync("probe", id, new GrainState<List<string>>(["two"])));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task ClearedStateReadsAsNewAndAStaleWriterIsStillRefused(string kind)
    {
        await using var store = await StoreAsync(kind);
        var id = GrainId.Create(ProbeType, "cleared");
        var state = new GrainState<List<string>>(["kept"]);
        await store.Storage.WriteStateAsync("probe", id, state);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = state.ETag };
        await store.Storage.ClearStateAsync("probe", id, state);

        var read = new GrainState<List<string>>();
        await store.Storage.ReadStateAsync("probe", id, read);
        Assert.Empty(read.State!);
        Assert.False(read.RecordExists);
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync("probe", id, stale));
    }

    [Theory, MemberData(nameof(Databases))]
    public async Task StateTheOrleansAdoNetProviderWroteIsReadAndUpdated(string kind)
    {
        await using var store = await StoreAsync(kind);
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = store.ServiceId;
        builder.ConfigureSilo((_, silo) => silo.AddAdoNetGrainStorageAsDefault(options =>
            (options.Invariant, options.DataSource, options.ConnectionString) = store.Database.AdoNetConnection()));
        builder.ConfigureSilo((_, silo) => silo.Services.AddSingleton<IGrainStorageSerializer>(sp => new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
        await using (var cluster = builder.Build())
        {
            await cluster.DeployAsync();
            await cluster.Client.GetGrain<IProbeGrain>("legacy").Remember("written by the ADO.NET provider");
            var id = cluster.Client.GetGrain<IProbeGrain>("legacy").GetGrainId();

            var read = new GrainState<ProbeState>();
            await store.Storage.ReadStateAsync("probe", id, read);
            Assert.Equal(["written by the ADO.NET provider"], read.State!.Values);
            read.State!.Values.Add("and by the group commit");
            await store.Storage.WriteStateAsync("probe", id, read);
            Assert.Equal("2", read.ETag);
        }
    }

    /// <summary>
    /// A read made within a call marked as the first to its grain (<see cref="NewGrain"/>) leaves the store alone and
    /// finds nothing; a mark for another grain changes nothing. Were a mark ever wrong, the row would still win: the write
    /// made from that empty state expects no row and is refused, and the row stays as it was.
    /// </summary>
    [Theory, MemberData(nameof(Databases))]
    public async Task AReadMarkedAsItsGrainsFirstFindsNothingAndAWriteFromThatBeliefIsStillRefusedByTheRowThere(string kind)
    {
        await using var store = await StoreAsync(kind);
        var id = GrainId.Create(ProbeType, Guid.NewGuid().ToString("N"));
        await store.Storage.WriteStateAsync("probe", id, new GrainState<List<string>>(["stored"]));

        var markedForAnother = await NewGrain.CallAsync(GrainId.Create(ProbeType, "another"), () => ReadAsync(store, id));
        Assert.Equal(["stored"], markedForAnother.State);
        Assert.Equal("1", markedForAnother.ETag);

        var readsBefore = store.Storage.ReadsFromStore("probe");
        var believedNew = await NewGrain.CallAsync(id, () => ReadAsync(store, id));
        Assert.Equal(readsBefore, store.Storage.ReadsFromStore("probe"));
        Assert.False(believedNew.RecordExists);
        Assert.Null(believedNew.ETag);
        Assert.Empty(believedNew.State!);

        believedNew.State!.Add("overwrite");
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.Storage.WriteStateAsync("probe", id, believedNew));
        var after = await ReadAsync(store, id);
        Assert.Equal(["stored"], after.State);
        Assert.Equal("1", after.ETag);
    }

    /// <summary>
    /// The projections' catch-up passes ask which states of one name changed since a moment, every 30 s each: the index on
    /// (GrainTypeHash, ModifiedOn) answers, so a pass reads what changed instead of every row of every grain. Shown by
    /// each database's own plan, among rows of other state names, with and without a moment to start from; and the
    /// answer holds the state name's rows only, oldest change first.
    /// </summary>
    [Theory, MemberData(nameof(Databases))]
    public async Task WhatChangedSinceAMomentIsFoundThroughAnIndexInsteadOfReadingEveryRow(string kind)
    {
        await using var store = await StoreAsync(kind);
        var noise = Enumerable.Range(0, 300).Select(_ => GrainId.Create(ProbeType, Guid.NewGuid().ToString("N")));
        await Task.WhenAll(noise.Select(id => store.Storage.WriteStateAsync("noise", id, new GrainState<List<string>>(["noise"]))));
        var changed = Enumerable.Range(0, 3).Select(_ => GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid()))).ToArray();
        foreach (var id in changed)
        {
            await store.Storage.WriteStateAsync("probe", id, new GrainState<List<string>>(["changed"]));
        }

        await using var connection = store.Database.CreateConnection();
        await connection.OpenAsync();
        foreach (var since in new[] { false, true })
        {
            var plan = await PlanAsync(connection, kind, StoredStateChanges.ChangesSql(since));
            Assert.Contains("IX_OrleansStorage_Changes", plan);
        }

        var read = await new StoredStateChanges(store.Database, store.ServiceId).ReadSinceAsync("probe", DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal(changed.Select(id => id.GetGuidKey()), read.Items.Select(item => item.Id));
    }

    /// <summary>The database's plan for <paramref name="sql"/>, as one text.</summary>
    private static async Task<string> PlanAsync(DbConnection connection, string kind, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = (kind == "sqlite" ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql;
        foreach (var (name, value) in new (string, object)[] { ("@StateNameHash", 1), ("@ServiceId", "s"), ("@StateName", "probe"), ("@Since", "2026-01-01") })
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.AddRange(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!));
        }

        return string.Join(" | ", plan);
    }

    private static async Task<GrainState<List<string>>> ReadAsync(Store store, GrainId id)
    {
        var read = new GrainState<List<string>>();
        await store.Storage.ReadStateAsync("probe", id, read);
        return read;
    }

    /// <summary>
    /// MariaDB commits a batch as one autocommitted statement and then reads back which rows bear its writes' tokens. When
    /// the answer is lost after the commit, the group commit tries the writes again: they must be found applied (once),
    /// while another write from the same version is still refused.
    /// </summary>
    [Fact]
    public async Task OnMariaDbABatchTriedAgainAfterItsAnswerWasLostFindsItsWritesAppliedOnce()
    {
        await using var store = await StoreAsync("mariadb");
        var dialect = new MySqlGrainStateDialect();
        var keys = Enumerable.Range(0, 3).Select(i => GrainStorageKey.From(store.ServiceId, "probe", GrainId.Create(ProbeType, $"retried-{i}"))).ToArray();
        var writes = keys.Select((key, i) => new GrainStateWrite(key, [(byte)i, 1, 2], expectedVersion: null)).ToList();
        await using var connection = store.Database.CreateConnection();
        await connection.OpenAsync();

        await dialect.CommitAsync(connection, writes, CancellationToken.None);
        Assert.All(writes, write => Assert.Equal(1, write.NewVersion));
        writes.ForEach(write => write.NewVersion = null);
        await dialect.CommitAsync(connection, writes, CancellationToken.None);
        Assert.All(writes, write => Assert.Equal(1, write.NewVersion));

        var rival = new GrainStateWrite(keys[0], [9], expectedVersion: null);
        await dialect.CommitAsync(connection, [rival], CancellationToken.None);
        Assert.Null(rival.NewVersion);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(((byte[])[(byte)i, 1, 2], 1), await dialect.ReadAsync(connection, keys[i], CancellationToken.None));
        }
    }

    /// <summary>
    /// Batches of up to <see cref="MySqlGrainStateDialect.MostRowsPrepared"/> rows run as prepared statements (the
    /// server counts their executions), larger ones as text; either way a stale write among fresh ones is refused alone,
    /// also when the connection runs a size it has prepared before.
    /// </summary>
    [Fact]
    public async Task OnMariaDbSmallBatchesRunPreparedAndLargeOnesAsTextEachRefusingAStaleWriteAlone()
    {
        await using var store = await StoreAsync("mariadb");
        var dialect = new MySqlGrainStateDialect();
        await using var connection = store.Database.CreateConnection();
        await connection.OpenAsync();
        int[] sizes = [3, 3, MySqlGrainStateDialect.MostRowsPrepared, MySqlGrainStateDialect.MostRowsPrepared + 1];
        for (var batch = 0; batch < sizes.Length; batch++)
        {
            var keys = Enumerable.Range(0, sizes[batch])
                .Select(i => GrainStorageKey.From(store.ServiceId, "probe", GrainId.Create(ProbeType, $"batch-{batch}-{i}"))).ToArray();
            var firsts = keys.Select(key => new GrainStateWrite(key, [1], expectedVersion: null)).ToList();
            var executionsBefore = await PreparedExecutionsAsync(connection);
            await dialect.CommitAsync(connection, firsts, CancellationToken.None);
            Assert.Equal(sizes[batch] <= MySqlGrainStateDialect.MostRowsPrepared ? 2 : 0, await PreparedExecutionsAsync(connection) - executionsBefore);
            Assert.All(firsts, write => Assert.Equal(1, write.NewVersion));

            // The first write of the second round claims the grain is new: stale.
            var seconds = keys.Select((key, i) => new GrainStateWrite(key, [2], expectedVersion: i == 0 ? null : 1)).ToList();
            await dialect.CommitAsync(connection, seconds, CancellationToken.None);
            Assert.Null(seconds[0].NewVersion);
            Assert.All(seconds.Skip(1), write => Assert.Equal(2, write.NewVersion));
            Assert.Equal(((byte[])[1], 1), await dialect.ReadAsync(connection, keys[0], CancellationToken.None));
            Assert.Equal(((byte[])[2], 2), await dialect.ReadAsync(connection, keys[^1], CancellationToken.None));
        }
    }

    /// <summary>
    /// The storage's own MariaDB connections count affected rows, so a batch whose writes all applied is one statement;
    /// only a batch whose count falls short (a stale write, a write that expected a row that is missing, a batch tried
    /// again after its answer was lost) reads back which rows bear its tokens. Either way each write gets its own answer.
    /// </summary>
    [Fact]
    public async Task OnMariaDbTheStoragesConnectionsTellAFullyAppliedBatchByItsCountAndReadBackOnlyWhenItFallsShort()
    {
        await using var store = await StoreAsync("mariadb");
        var dialect = new MySqlGrainStateDialect();
        await using var connection = store.Database.CreateGrainStorageConnection();
        await connection.OpenAsync();
        var keys = Enumerable.Range(0, 4).Select(i => GrainStorageKey.From(store.ServiceId, "probe", GrainId.Create(ProbeType, $"counted-{i}"))).ToArray();

        var firsts = keys.Select(key => new GrainStateWrite(key, [1], expectedVersion: null)).ToList();
        Assert.Equal(1, await StatementsAsync(connection, () => dialect.CommitAsync(connection, firsts, CancellationToken.None)));
        Assert.All(firsts, write => Assert.Equal(1, write.NewVersion));

        var seconds = keys.Select(key => new GrainStateWrite(key, [2], expectedVersion: 1)).ToList();
        Assert.Equal(1, await StatementsAsync(connection, () => dialect.CommitAsync(connection, seconds, CancellationToken.None)));
        Assert.All(seconds, write => Assert.Equal(2, write.NewVersion));

        // The answer to the second batch was lost: tried again, its writes are found applied, once.
        seconds.ForEach(write => write.NewVersion = null);
        Assert.Equal(2, await StatementsAsync(connection, () => dialect.CommitAsync(connection, seconds, CancellationToken.None)));
        Assert.All(seconds, write => Assert.Equal(2, write.NewVersion));

        // A stale write (it read version 1) among current ones, and a write that expects a row nobody stored.
        var missing = GrainStorageKey.From(store.ServiceId, "probe", GrainId.Create(ProbeType, "never-stored"));
        var thirds = keys.Select((key, i) => new GrainStateWrite(key, [3], expectedVersion: i == 0 ? 1 : 2))
            .Append(new GrainStateWrite(missing, [3], expectedVersion: 4)).ToList();
        Assert.Equal(2, await StatementsAsync(connection, () => dialect.CommitAsync(connection, thirds, CancellationToken.None)));
        Assert.Null(thirds[0].NewVersion);
        Assert.All(thirds.Skip(1).Take(keys.Length - 1), write => Assert.Equal(3, write.NewVersion));
        Assert.Equal(5, thirds[^1].NewVersion);
        Assert.Equal(((byte[])[2], 2), await dialect.ReadAsync(connection, keys[0], CancellationToken.None));
        Assert.Equal(((byte[])[3], 3), await dialect.ReadAsync(connection, keys[^1], CancellationToken.None));
        Assert.Equal(((byte[])[3], 5), await dialect.ReadAsync(connection, missing, CancellationToken.None));
    }

    /// <summary>
    /// The storage's batches of writes take a pool of their own, one connection per writer, so those few connections
    /// keep the batch sizes they have prepared; like the reads' pool, it counts affected rows.
    /// </summary>
    [Fact]
    public void OnMySqlTheStoragesBatchesWriteOnAPoolOfOneConnectionPerWriter()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:MySql"] = "Server=db.example;User ID=shop;Database=shop" })
            .Build();
        var database = DatabaseSettings.FromConfiguration(configuration);
        var writes = new MySqlConnectionStringBuilder(database.CreateGrainWriteConnection().ConnectionString);
        var reads = new MySqlConnectionStringBuilder(database.CreateGrainStorageConnection().ConnectionString);

        Assert.Equal(4, DatabaseSettings.GrainWriteConnections);
        Assert.Equal((uint)DatabaseSettings.GrainWriteConnections, writes.MaximumPoolSize);
        Assert.Equal(40u, reads.MaximumPoolSize);
        Assert.True(writes.UseAffectedRows);
        Assert.True(reads.UseAffectedRows);
        Assert.Equal(GroupCommitGrainStorage.MostWritesPerBatch, MySqlGrainStateDialect.MostRowsPrepared);
    }

    /// <summary>
    /// However many grains write at once, the storage commits on as many connections as it has writers: with one, every
    /// batch goes through the same connection, one after the other.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task OnMariaDbTheStorageCommitsOnNoMoreConnectionsThanItHasWriters(int writers)
    {
        await using var store = await StoreAsync("mariadb", writers);
        var ids = Enumerable.Range(0, 300).Select(_ => GrainId.Create(ProbeType, Guid.NewGuid().ToString("N"))).ToArray();

        await Task.WhenAll(ids.Select(id => store.Storage.WriteStateAsync("probe", id, new GrainState<List<string>>([id.ToString()]))));

        await using var connection = store.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()";
        var open = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        Assert.InRange(open, 1, writers);
    }

    /// <summary>A connection that counts found rows (MySqlConnector's default) always reads back: its counts cannot tell a refused write from a new row.</summary>
    [Fact]
    public async Task OnMariaDbAConnectionThatCountsFoundRowsStillRefusesAStaleFirstWrite()
    {
        await using var store = await StoreAsync("mariadb");
        var dialect = new MySqlGrainStateDialect();
        await using var connection = store.Database.CreateConnection();
        await connection.OpenAsync();
        var key = GrainStorageKey.From(store.ServiceId, "probe", GrainId.Create(ProbeType, "found-rows"));
        var first = new GrainStateWrite(key, [1], expectedVersion: null);
        Assert.Equal(2, await StatementsAsync(connection, () => dialect.CommitAsync(connection, [first], CancellationToken.None)));
        Assert.Equal(1, first.NewVersion);

        // Found rows: this refused write counts 1, exactly what a new row counts.
        var rival = new GrainStateWrite(key, [9], expectedVersion: null);
        await dialect.CommitAsync(connection, [rival], CancellationToken.None);
        Assert.Null(rival.NewVersion);
        Assert.Equal(((byte[])[1], 1), await dialect.ReadAsync(connection, key, CancellationToken.None));
    }

    /// <summary>The row's <c>PendingSince</c> as the database holds it (text or a time), null when it owes nothing.</summary>
    private static async Task<string?> StampAsync(Store store, GrainId id)
    {
        var key = GrainStorageKey.From(store.ServiceId, "probe", id);
        await using var connection = store.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PendingSince FROM OrleansStorage WHERE GrainIdN0 = @N0 AND GrainIdN1 = @N1 AND GrainTypeString = 'probe'";
        foreach (var (name, value) in new[] { ("@N0", key.N0), ("@N1", key.N1) })
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteScalarAsync() is { } stamp and not DBNull ? Convert.ToString(stamp, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>How many prepared statements the connection executed while <paramref name="action"/> ran.</summary>
    private static async Task<long> StatementsAsync(DbConnection connection, Func<Task> action)
    {
        var before = await PreparedExecutionsAsync(connection);
        await action();
        return await PreparedExecutionsAsync(connection) - before;
    }

    private static async Task<long> PreparedExecutionsAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SHOW SESSION STATUS LIKE 'Com_stmt_execute'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
    }

    private static async Task<Store> StoreAsync(string kind, int? grainWriters = null)
    {
        var data = new TemporaryDirectory();
        var mySql = kind == "mariadb" ? await TemporaryMySqlDatabase.CreateAsync() : null;
        var configuration = mySql is null ? ShopConfiguration.Sqlite(data.Path) : ShopConfiguration.MySql(mySql.ConnectionString);
        var database = DatabaseSettings.FromConfiguration(configuration);
        database = grainWriters is { } writers ? database with { GrainWriters = writers } : database;
        await new SchemaInstaller(database, NullLogger<SchemaInstaller>.Instance).ApplyAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        return new Store(database, Guid.NewGuid().ToString("N"), data, mySql);
    }

    private sealed class Store : IAsyncDisposable
    {
        private static readonly IServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();

        public static Serializer Serializer => Services.GetRequiredService<Serializer>();
        private readonly TemporaryDirectory data;
        private readonly TemporaryMySqlDatabase? mySql;

        public Store(DatabaseSettings database, string serviceId, TemporaryDirectory data, TemporaryMySqlDatabase? mySql)
        {
            (Database, ServiceId, this.data, this.mySql) = (database, serviceId, data, mySql);
            // With the storage serializer the silo registers.
            Storage = new GroupCommitGrainStorage(database, new PooledGrainStorageSerializer(Serializer),
                Options.Create(new ClusterOptions { ServiceId = serviceId }));
        }

        public DatabaseSettings Database { get; }

        public string ServiceId { get; }

        public GroupCommitGrainStorage Storage { get; }

        /// <summary>A new storage on the same database: what a restarted silo reads.</summary>
        public async Task<Store> ReopenAsync()
        {
            await Storage.DisposeAsync();
            return new Store(Database with { }, ServiceId, new TemporaryDirectory(), null);
        }

        public async ValueTask DisposeAsync()
        {
            await Storage.DisposeAsync();
            if (mySql is not null)
            {
                await mySql.DisposeAsync();
            }

            data.Dispose();
        }
    }
}
