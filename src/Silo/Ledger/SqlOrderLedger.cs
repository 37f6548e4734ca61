using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using MarketMicro.Grains.Ledger;
using MarketMicro.Ledger;
using MarketMicro.Orders;
using MarketMicro.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace MarketMicro.Silo.Ledger;

/// <summary>The order ledger in the silo's relational database (SQLite file or MySQL/MariaDB), via Dapper.</summary>
public sealed class SqlOrderLedger : IOrderLedger, IOrderLedgerReader, IAsyncDisposable
{
    /// <summary>The revenue rule of <see cref="OrderStatuses.Revenue"/>, as a list parameter Dapper expands.</summary>
    private static readonly string[] RevenueStatuses = OrderStatuses.Revenue.Select(OrderStatuses.Name).ToArray();

    /// <summary>Orders per MySQL command (their lines, at most 100 each, go in statements of <see cref="LinesPerStatement"/>).</summary>
    private const int OrdersPerCommand = 64;

    private const int LinesPerStatement = 256;

    /// <summary>Values in an order row and in a line row: the columns of <see cref="LedgerDialect"/>.</summary>
    private static readonly int OrderWidth = LedgerDialect.OrderColumns.Split(',').Length;

    private static readonly int LineWidth = LedgerDialect.LineColumns.Split(',').Length;

    private readonly DatabaseSettings database;
    private readonly LedgerDialect dialect;
    private readonly GroupCommit<OrderSnapshot> writes;
    private long ordersWritten;

    public SqlOrderLedger(DatabaseSettings database)
    {
        this.database = database;
        dialect = LedgerDialect.For(database.Kind);
        writes = new GroupCommit<OrderSnapshot>(CommitAsync, blockingCommits: database.CommitsBlockTheirThread);
    }

    /// <summary>Applies the order in a transaction shared with the other applies waiting meanwhile (group commit).</summary>
    public Task ApplyAsync(OrderSnapshot order, CancellationToken cancellationToken = default) =>
        writes.SubmitAsync(order, cancellationToken);

    /// <summary>How many order versions this ledger has written (diagnostics): each commit counts the newest version of each of its orders.</summary>
    public long OrdersWritten => Interlocked.Read(ref ordersWritten);

    /// <summary>The version the ledger holds of each of these orders, for those it holds.</summary>
    public async Task<Dictionary<Guid, long>> VersionsAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(
            "SELECT order_id AS OrderId, version AS Version FROM ledger_orders WHERE order_id IN @Ids",
            new { Ids = orderIds.Select(id => id.ToString()).ToArray() },
            r => (Id: Id(r["OrderId"]), Version: Long(r["Version"])),
            cancellationToken);
        return rows.ToDictionary(row => row.Id, row => row.Version);
    }

    public ValueTask DisposeAsync() => writes.DisposeAsync();

    private async Task CommitAsync(IReadOnlyList<OrderSnapshot> orders, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The ledger keeps the newest version of each order, so within one transaction only that one needs writing.
        var newest = orders.GroupBy(order => order.Id).Select(versions => versions.MaxBy(order => order.Version)!).ToList();
        if (database.Kind == DatabaseKind.MySql)
        {
            foreach (var chunk in newest.Chunk(OrdersPerCommand))
            {
                await using var command = ChunkCommand(connection, transaction, chunk);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        else
        {
            WriteRowByRow(connection, transaction, newest);
        }

        await transaction.CommitAsync(cancellationToken);
        Interlocked.Add(ref ordersWritten, newest.Count);
    }

    /// <summary>
    /// MySQL: one command, one round trip, for a chunk of orders: one statement for their rows, one per
    /// <see cref="LinesPerStatement"/> lines, and one that brings their lines to the status their rows now hold.
    /// </summary>
    private DbCommand ChunkCommand(DbConnection connection, DbTransaction transaction, OrderSnapshot[] orders)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var orderRows = new List<string>(orders.Length);
        var lineRows = new List<string>();
        for (var i = 0; i < orders.Length; i++)
        {
            orderRows.Add(AddRow(command, $"o{i}", OrderValues(orders[i])));
            for (var j = 0; j < orders[i].Lines.Count; j++)
            {
                lineRows.Add(AddRow(command, $"l{i}_{j}", LineValues(orders[i], orders[i].Lines[j])));
            }
        }

        var sql = new StringBuilder(dialect.UpsertOrders(string.Join(", ", orderRows))).Append(";\n");
        foreach (var lines in lineRows.Chunk(LinesPerStatement))
        {
            sql.Append(dialect.InsertLines(string.Join(", ", lines))).Append(";\n");
        }

        // Each order row's first parameter is its id.
        sql.Append(LedgerDialect.SyncLineStatus(string.Join(", ", orders.Select((_, i) => $"@o{i}_0")))).Append(';');
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>
    /// SQLite runs in this process, so there are no round trips to save; and Microsoft.Data.Sqlite finds a command's
    /// parameters by name in a list, so a command of thousands of parameters costs time quadratic in them, all while its
    /// transaction holds the database's one write lock (every grain write waits: checkout p99 went from about 230 to
    /// 500-800 ms). Each statement is prepared once per transaction and bound again for every order and line.
    /// </summary>
    private void WriteRowByRow(DbConnection connection, DbTransaction transaction, IEnumerable<OrderSnapshot> orders)
    {
        using var upsert = RowCommand(connection, transaction, OrderWidth, dialect.UpsertOrders);
        using var insert = RowCommand(connection, transaction, LineWidth, dialect.InsertLines);
        using var sync = RowCommand(connection, transaction, 1, row => LedgerDialect.SyncLineStatus(row.Trim('(', ')')));
        foreach (var order in orders)
        {
            Run(upsert, OrderValues(order));
            foreach (var line in order.Lines)
            {
                Run(insert, LineValues(order, line));
            }

            Run(sync, [order.Id.ToString()]);
        }
    }

    /// <summary>A command for one row of <paramref name="width"/> parameters <c>@r_0</c>, ...; <paramref name="sql"/> gets the row <c>(@r_0, ...)</c>.</summary>
    private static DbCommand RowCommand(DbConnection connection, DbTransaction transaction, int width, Func<string, string> sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql(AddRow(command, "r", new object?[width]));
        return command;
    }

    /// <summary>Runs a <see cref="RowCommand"/> with these values.</summary>
    private static void Run(DbCommand command, object?[] values)
    {
        for (var k = 0; k < values.Length; k++)
        {
            command.Parameters[k].Value = values[k] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    /// <summary>The order row's values, in <see cref="LedgerDialect.OrderColumns"/> order (the id first).</summary>
    private object?[] OrderValues(OrderSnapshot order)
    {
        var confirmedAt = order.History.FirstOrDefault(change => change.Status == OrderStatus.Confirmed)?.At;
        return
        [
            order.Id.ToString(), order.UserId.ToString(), order.CustomerEmail, OrderStatuses.Name(order.Status),
            Money.ToCents(order.Total), order.Currency, order.ItemCount, dialect.Stamp(order.CreatedAt), dialect.Stamp(order.UpdatedAt),
            confirmedAt is { } at ? dialect.Stamp(at) : null, order.Version,
        ];
    }

    /// <summary>A line's values, in <see cref="LedgerDialect.LineColumns"/> order.</summary>
    private object?[] LineValues(OrderSnapshot order, OrderLine line) =>
    [
        order.Id.ToString(), line.ProductId.ToString(), line.Name, Money.ToCents(line.UnitPrice), line.Quantity,
        OrderStatuses.Name(order.Status), dialect.Stamp(order.CreatedAt),
    ];

    /// <summary>Adds the values as parameters <c>@{prefix}_0</c>, <c>@{prefix}_1</c>, ... and returns the row <c>(@..., ...)</c>.</summary>
    private static string AddRow(DbCommand command, string prefix, object?[] values)
    {
        var names = new string[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = names[k] = $"@{prefix}_{k}";
            parameter.Value = values[k] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return $"({string.Join(", ", names)})";
    }

    public async Task<string?> GetCheckpointAsync(string projection, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT position FROM projection_checkpoints WHERE name = @Name", new { Name = projection }, cancellationToken: cancellationToken));
    }

    public async Task SetCheckpointAsync(string projection, string position, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            dialect.UpsertCheckpoint, new { Name = projection, Position = position, UpdatedAt = dialect.Stamp(DateTime.UtcNow) }, cancellationToken: cancellationToken));
    }

    /// <summary>Empties the ledger and forgets the projection's checkpoint, in one transaction (before a rebuild).</summary>
    public async Task ClearAsync(string projection, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var statement in (string[])["DELETE FROM ledger_order_lines", "DELETE FROM ledger_orders", "DELETE FROM projection_checkpoints WHERE name = @Name"])
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, new { Name = projection }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<LedgerOrderPage> ListOrdersAsync(LedgerOrderFilter filter, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter);
        parameters.Add("RevenueStatuses", RevenueStatuses);
        parameters.Add("Take", filter.PageSize);
        parameters.Add("Skip", (filter.Page - 1) * filter.PageSize);
        await using var connection = await OpenAsync(cancellationToken);
        // One read transaction: the summary and the page come from the same snapshot, even while events are applied.
        await using var snapshot = BeginSnapshot(connection);
        var summary = (IDictionary<string, object>)(await connection.QuerySingleAsync(new CommandDefinition(
            $"SELECT COUNT(*) AS Total, CAST(COALESCE(SUM(CASE WHEN o.status IN @RevenueStatuses THEN o.total_cents ELSE 0 END), 0) AS SIGNED) AS RevenueCents FROM ledger_orders o {where}",
            parameters, snapshot, cancellationToken: cancellationToken)));
        var rows = await connection.QueryAsync(new CommandDefinition(
            $"""
            SELECT o.order_id AS OrderId, o.user_id AS UserId, o.customer_email AS CustomerEmail, o.status AS Status,
                   o.total_cents AS TotalCents, o.currency AS Currency, o.item_count AS ItemCount,
                   o.created_at AS CreatedAt, o.updated_at AS UpdatedAt
            FROM ledger_orders o {where}
            ORDER BY o.created_at DESC, o.order_id DESC
            LIMIT @Take OFFSET @Skip
            """, parameters, snapshot, cancellationToken: cancellationToken));
        await snapshot.CommitAsync(cancellationToken);
        return new LedgerOrderPage(
            rows.Cast<IDictionary<string, object>>().Select(ToLedgerRow).ToList(),
            (int)Long(summary["Total"]),
            Money.FromCents(Long(summary["RevenueCents"])));
    }

    public async Task<Financials> GetFinancialsAsync(DateOnly from, DateOnly to, int topProducts, CancellationToken cancellationToken = default)
    {
        var range = new
        {
            From = dialect.Stamp(from.ToDateTime(TimeOnly.MinValue)),
            Until = dialect.Stamp(to.AddDays(1).ToDateTime(TimeOnly.MinValue)),
            Top = topProducts,
            RevenueStatuses,
        };
        const string InRange = "o.created_at >= @From AND o.created_at < @Until";

        // Three independent aggregates, each on its own connection: the answer takes as long as the slowest one.
        var byStatusQuery = QueryAsync($"""
            SELECT o.status AS Status, COUNT(*) AS Orders, CAST(SUM(o.total_cents) AS SIGNED) AS TotalCents,
                   CAST(SUM(o.item_count) AS SIGNED) AS Items,
                   CAST(SUM(CASE WHEN o.confirmed_at IS NOT NULL THEN o.total_cents ELSE 0 END) AS SIGNED) AS ConfirmedCents
            FROM ledger_orders o WHERE {InRange} GROUP BY o.status
            """, range, r => new StatusRow((string)r["Status"], Long(r["Orders"]), Long(r["TotalCents"]), Long(r["Items"]), Long(r["ConfirmedCents"])), cancellationToken);
        var dailyQuery = QueryAsync($"""
            SELECT {dialect.DayOf("o.created_at")} AS Day, CAST(SUM(o.total_cents) AS SIGNED) AS RevenueCents, COUNT(*) AS Orders
            FROM ledger_orders o WHERE {InRange} AND o.status IN @RevenueStatuses
            GROUP BY {dialect.DayOf("o.created_at")}
            """, range, r => new DayRow((string)r["Day"], Long(r["RevenueCents"]), Long(r["Orders"])), cancellationToken);
        // Aggregated from the covering index alone; the few winners' names are looked up afterwards.
        var topQuery = QueryAsync($"""
            SELECT l.product_id AS ProductId, CAST(SUM(l.quantity) AS SIGNED) AS Quantity,
                   CAST(SUM(l.unit_price_cents * l.quantity) AS SIGNED) AS RevenueCents
            FROM ledger_order_lines l
            WHERE l.created_at >= @From AND l.created_at < @Until AND l.status IN @RevenueStatuses
            GROUP BY l.product_id
            ORDER BY RevenueCents DESC, ProductId
            LIMIT @Top
            """, range, r => (Id: Id(r["ProductId"]), Quantity: Long(r["Quantity"]), RevenueCents: Long(r["RevenueCents"])), cancellationToken);

        var byStatus = await byStatusQuery;
        var daily = (await dailyQuery).ToDictionary(day => day.Day);
        var winners = await topQuery;
        var names = (await QueryAsync(
                "SELECT product_id AS ProductId, MAX(name) AS Name FROM ledger_order_lines WHERE product_id IN @Ids GROUP BY product_id",
                new { Ids = winners.Select(w => w.Id.ToString()).ToList() },
                r => (Id: Id(r["ProductId"]), Name: (string)r["Name"]),
                cancellationToken))
            .ToDictionary(n => n.Id, n => n.Name);
        var top = winners.Select(w => new ProductRow(w.Id, names.GetValueOrDefault(w.Id, string.Empty), w.Quantity, w.RevenueCents)).ToList();
        return LedgerFigures.Build(from, to, byStatus, daily, top);
    }

    public async Task<IReadOnlyList<LedgerAuditRow>> ReadOrdersForAuditAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync(
            "SELECT order_id AS OrderId, status AS Status, total_cents AS TotalCents, version AS Version FROM ledger_orders ORDER BY order_id",
            new { },
            r => new LedgerAuditRow(Id(r["OrderId"]), Status(r["Status"]), Long(r["TotalCents"]), Long(r["Version"])),
            cancellationToken);

    public async Task<IReadOnlyList<LedgerStatusSum>> SumByStatusAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync(
            "SELECT status AS Status, COUNT(*) AS Orders, CAST(SUM(total_cents) AS SIGNED) AS TotalCents FROM ledger_orders GROUP BY status",
            new { },
            r => new LedgerStatusSum(Status(r["Status"]), Long(r["Orders"]), Long(r["TotalCents"])),
            cancellationToken);

    private (string Sql, DynamicParameters Parameters) Where(LedgerOrderFilter filter)
    {
        var clauses = new List<string>();
        var parameters = new DynamicParameters();
        if (filter.Status is { } status)
        {
            clauses.Add("o.status = @Status");
            parameters.Add("Status", OrderStatuses.Name(status));
        }

        if (filter.UserId is { } userId)
        {
            clauses.Add("o.user_id = @UserId");
            parameters.Add("UserId", userId.ToString());
        }

        if (filter.From is { } from)
        {
            clauses.Add("o.created_at >= @From");
            parameters.Add("From", dialect.Stamp(from.ToDateTime(TimeOnly.MinValue)));
        }

        if (filter.To is { } to)
        {
            clauses.Add("o.created_at < @Until");
            parameters.Add("Until", dialect.Stamp(to.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var query = filter.Query.Trim();
            clauses.Add("""
                (o.order_id = @Query OR o.customer_email LIKE @Like ESCAPE '!'
                 OR EXISTS (SELECT 1 FROM ledger_order_lines l WHERE l.order_id = o.order_id AND l.name LIKE @Like ESCAPE '!'))
                """);
            parameters.Add("Query", query.ToLowerInvariant());
            parameters.Add("Like", $"%{query.Replace("!", "!!").Replace("%", "!%").Replace("_", "!_")}%");
        }

        return (clauses.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", clauses), parameters);
    }

    /// <summary>Runs on the thread pool: the SQLite driver's async calls complete synchronously.</summary>
    private Task<List<T>> QueryAsync<T>(string sql, object parameters, Func<IDictionary<string, object>, T> map, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            var rows = await connection.QueryAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
            return rows.Cast<IDictionary<string, object>>().Select(map).ToList();
        }, cancellationToken);

    /// <summary>A read-only snapshot: deferred on SQLite (takes no write lock), repeatable read on MySQL.</summary>
    private static DbTransaction BeginSnapshot(DbConnection connection) => connection is SqliteConnection sqlite
        ? sqlite.BeginTransaction(deferred: true)
        : connection.BeginTransaction(IsolationLevel.RepeatableRead);

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = database.CreateDerivedViewConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    // MySqlConnector reads CHAR(36) as Guid; SQLite returns the text.
    private static Guid Id(object value) => value is Guid id ? id : Guid.Parse((string)value);

    private static OrderStatus Status(object value) => Enum.Parse<OrderStatus>((string)value, ignoreCase: true);

    private static long Long(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    // SQLite returns the timestamp text the ledger wrote; MySQL returns a DateTime.
    private static DateTime Utc(object value) => DateTime.SpecifyKind(
        value is DateTime at ? at : DateTime.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.None),
        DateTimeKind.Utc);

    private static LedgerOrderRow ToLedgerRow(IDictionary<string, object> r) => new(
        Id(r["OrderId"]),
        Id(r["UserId"]),
        r["CustomerEmail"] as string,
        Status(r["Status"]),
        Money.FromCents(Long(r["TotalCents"])),
        (string)r["Currency"],
        (int)Long(r["ItemCount"]),
        Utc(r["CreatedAt"]),
        Utc(r["UpdatedAt"]));

    internal sealed record StatusRow(string Status, long Orders, long TotalCents, long Items, long ConfirmedCents);

    internal sealed record DayRow(string Day, long RevenueCents, long Orders);

    internal sealed record ProductRow(Guid ProductId, string Name, long Quantity, long RevenueCents);
}
