using System.Globalization;
using MarketMicro.Silo.Storage;

namespace MarketMicro.Silo.Ledger;

/// <summary>The few places where SQLite and MySQL/MariaDB SQL differ for the ledger.</summary>
internal sealed class LedgerDialect
{
    public const string OrderColumns =
        "order_id, user_id, customer_email, status, total_cents, currency, item_count, created_at, updated_at, confirmed_at, version";

    public const string LineColumns = "order_id, product_id, name, unit_price_cents, quantity, status, created_at";

    /// <summary>Where a statement's value rows (or list of ids) go.</summary>
    private const string Rows = "/*rows*/";

    /// <summary>
    /// Lines follow their order's status as the order row holds it (the newest version applied), for the orders named
    /// in place of <see cref="Rows"/>.
    /// </summary>
    private const string SyncLineStatusFormat = $"""
        UPDATE ledger_order_lines SET status = (SELECT o.status FROM ledger_orders o WHERE o.order_id = ledger_order_lines.order_id)
        WHERE order_id IN ({Rows})
            AND status <> (SELECT o.status FROM ledger_orders o WHERE o.order_id = ledger_order_lines.order_id)
        """;

    private const string InsertCheckpoint =
        "INSERT INTO projection_checkpoints (name, position, updated_at) VALUES (@Name, @Position, @UpdatedAt)";

    private static readonly string[] MutableColumns =
        ["customer_email", "status", "total_cents", "currency", "item_count", "updated_at", "confirmed_at"];

    public static readonly LedgerDialect Sqlite = new(
        upsertOrders: $"""
            INSERT INTO ledger_orders ({OrderColumns}) VALUES {Rows}
            ON CONFLICT (order_id) DO UPDATE SET
                {string.Join(", ", MutableColumns.Select(c => $"{c} = excluded.{c}"))}, version = excluded.version
            WHERE excluded.version > ledger_orders.version
            """,
        insertLines: $"INSERT OR IGNORE INTO ledger_order_lines ({LineColumns}) VALUES {Rows}",
        upsertCheckpoint: $"{InsertCheckpoint} ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at",
        dayOf: column => $"substr({column}, 1, 10)",
        stamp: at => at.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture));

    public static readonly LedgerDialect MySql = new(
        upsertOrders: $"""
            INSERT INTO ledger_orders ({OrderColumns}) VALUES {Rows}
            ON DUPLICATE KEY UPDATE
                {string.Join(", ", MutableColumns.Select(c => $"{c} = IF(VALUES(version) > version, VALUES({c}), {c})"))},
                version = GREATEST(version, VALUES(version))
            """,
        insertLines: $"INSERT IGNORE INTO ledger_order_lines ({LineColumns}) VALUES {Rows}",
        upsertCheckpoint: $"{InsertCheckpoint} ON DUPLICATE KEY UPDATE position = VALUES(position), updated_at = VALUES(updated_at)",
        dayOf: column => $"DATE_FORMAT({column}, '%Y-%m-%d')",
        stamp: at => at);

    private readonly string upsertOrders;
    private readonly string insertLines;
    private readonly Func<string, string> dayOf;
    private readonly Func<DateTime, object> stamp;

    private LedgerDialect(string upsertOrders, string insertLines, string upsertCheckpoint, Func<string, string> dayOf, Func<DateTime, object> stamp)
    {
        this.upsertOrders = upsertOrders;
        this.insertLines = insertLines;
        UpsertCheckpoint = upsertCheckpoint;
        this.dayOf = dayOf;
        this.stamp = stamp;
    }

    /// <summary>
    /// Inserts order rows (the given <c>(...)</c> value rows, in <see cref="OrderColumns"/> order), each overwriting a
    /// stored one only with a newer version (order-insensitive, idempotent).
    /// </summary>
    public string UpsertOrders(string valueRows) => upsertOrders.Replace(Rows, valueRows, StringComparison.Ordinal);

    /// <summary>Inserts lines (value rows in <see cref="LineColumns"/> order); lines never change after placement: the first write wins.</summary>
    public string InsertLines(string valueRows) => insertLines.Replace(Rows, valueRows, StringComparison.Ordinal);

    /// <summary>Brings the lines of the listed orders (a list of parameters) to their order rows' status.</summary>
    public static string SyncLineStatus(string orderIds) => SyncLineStatusFormat.Replace(Rows, orderIds, StringComparison.Ordinal);

    /// <summary>Records a projection's checkpoint, replacing the one before.</summary>
    public string UpsertCheckpoint { get; }

    public static LedgerDialect For(DatabaseKind kind) => kind == DatabaseKind.MySql ? MySql : Sqlite;

    /// <summary>The UTC day of a timestamp column, as 'yyyy-MM-dd'.</summary>
    public string DayOf(string column) => dayOf(column);

    /// <summary>A UTC timestamp as this database stores it.</summary>
    public object Stamp(DateTime utc) => stamp(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
