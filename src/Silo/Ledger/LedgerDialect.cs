using System.Globalization;
using MarketMicro.Silo.Storage;

namespace MarketMicro.Silo.Ledger;

/// <summary>The few places where SQLite and MySQL/MariaDB SQL differ for the ledger.</summary>
internal sealed class LedgerDialect
{
    private const string OrderColumns =
        "order_id, user_id, customer_email, status, total_cents, currency, item_count, created_at, updated_at, confirmed_at, version";

    private const string OrderValues =
        "@OrderId, @UserId, @CustomerEmail, @Status, @TotalCents, @Currency, @ItemCount, @CreatedAt, @UpdatedAt, @ConfirmedAt, @Version";

    private const string LineColumns = "order_id, product_id, name, unit_price_cents, quantity, status, created_at";

    private const string LineValues = "@OrderId, @ProductId, @Name, @UnitPriceCents, @Quantity, @Status, @CreatedAt";

    /// <summary>Lines follow their order's status, once the order row holds this version (a stale event changes nothing).</summary>
    public const string SyncLineStatus =
        "UPDATE ledger_order_lines SET status = @Status WHERE order_id = @OrderId AND EXISTS (SELECT 1 FROM ledger_orders o WHERE o.order_id = @OrderId AND o.version = @Version)";

    private const string InsertCheckpoint =
        "INSERT INTO projection_checkpoints (name, position, updated_at) VALUES (@Name, @Position, @UpdatedAt)";

    private static readonly string[] MutableColumns =
        ["customer_email", "status", "total_cents", "currency", "item_count", "updated_at", "confirmed_at"];

    public static readonly LedgerDialect Sqlite = new(
        upsertOrder: $"""
            INSERT INTO ledger_orders ({OrderColumns}) VALUES ({OrderValues})
            ON CONFLICT (order_id) DO UPDATE SET
                {string.Join(", ", MutableColumns.Select(c => $"{c} = excluded.{c}"))}, version = excluded.version
            WHERE excluded.version > ledger_orders.version
            """,
        insertLine: $"INSERT OR IGNORE INTO ledger_order_lines ({LineColumns}) VALUES ({LineValues})",
        upsertCheckpoint: $"{InsertCheckpoint} ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at",
        dayOf: column => $"substr({column}, 1, 10)",
        stamp: at => at.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture));

    public static readonly LedgerDialect MySql = new(
        upsertOrder: $"""
            INSERT INTO ledger_orders ({OrderColumns}) VALUES ({OrderValues})
            ON DUPLICATE KEY UPDATE
                {string.Join(", ", MutableColumns.Select(c => $"{c} = IF(VALUES(version) > version, VALUES({c}), {c})"))},
                version = GREATEST(version, VALUES(version))
            """,
        insertLine: $"INSERT IGNORE INTO ledger_order_lines ({LineColumns}) VALUES ({LineValues})",
        upsertCheckpoint: $"{InsertCheckpoint} ON DUPLICATE KEY UPDATE position = VALUES(position), updated_at = VALUES(updated_at)",
        dayOf: column => $"DATE_FORMAT({column}, '%Y-%m-%d')",
        stamp: at => at);

    private readonly Func<string, string> dayOf;
    private readonly Func<DateTime, object> stamp;

    private LedgerDialect(string upsertOrder, string insertLine, string upsertCheckpoint, Func<string, string> dayOf, Func<DateTime, object> stamp)
    {
        UpsertOrder = upsertOrder;
        InsertLine = insertLine;
        UpsertCheckpoint = upsertCheckpoint;
        this.dayOf = dayOf;
        this.stamp = stamp;
    }

    /// <summary>Inserts an order row, or overwrites it only with a newer version (order-insensitive, idempotent).</summary>
    public string UpsertOrder { get; }

    /// <summary>Lines never change after placement: the first write wins.</summary>
    public string InsertLine { get; }

    /// <summary>Records a projection's checkpoint, replacing the one before.</summary>
    public string UpsertCheckpoint { get; }

    public static LedgerDialect For(DatabaseKind kind) => kind == DatabaseKind.MySql ? MySql : Sqlite;

    /// <summary>The UTC day of a timestamp column, as 'yyyy-MM-dd'.</summary>
    public string DayOf(string column) => dayOf(column);

    /// <summary>A UTC timestamp as this database stores it.</summary>
    public object Stamp(DateTime utc) => stamp(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
