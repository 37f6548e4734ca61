-- The order ledger (SQLite): a projection of order events backing the admin order list and financials.
-- Lines repeat their order's status and placement time so that product figures need no join.
-- Money is stored in integer cents so that sums are exact; timestamps are UTC text 'yyyy-MM-dd HH:mm:ss.fffffff'
-- (lexically ordered). Statements are separated by "-- GO" lines; every statement is idempotent.
CREATE TABLE IF NOT EXISTS ledger_orders
(
    order_id       TEXT NOT NULL PRIMARY KEY,
    user_id        TEXT NOT NULL,
    customer_email TEXT NULL,
    status         TEXT NOT NULL,
    total_cents    INTEGER NOT NULL,
    currency       TEXT NOT NULL,
    item_count     INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    confirmed_at   TEXT NULL,
    version        INTEGER NOT NULL
);
-- GO
CREATE INDEX IF NOT EXISTS ix_ledger_orders_created ON ledger_orders (created_at, status, total_cents, item_count, confirmed_at);
-- GO
CREATE INDEX IF NOT EXISTS ix_ledger_orders_status_created ON ledger_orders (status, created_at);
-- GO
CREATE INDEX IF NOT EXISTS ix_ledger_orders_user_created ON ledger_orders (user_id, created_at);
-- GO
CREATE TABLE IF NOT EXISTS ledger_order_lines
(
    order_id         TEXT NOT NULL,
    product_id       TEXT NOT NULL,
    name             TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    quantity         INTEGER NOT NULL,
    status           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
-- GO
CREATE INDEX IF NOT EXISTS ix_ledger_order_lines_created ON ledger_order_lines (created_at, status, product_id, quantity, unit_price_cents);
-- GO
CREATE INDEX IF NOT EXISTS ix_ledger_order_lines_product ON ledger_order_lines (product_id);
-- GO
-- How far each projection kept in this database got: the newest stored-state time it applied (ISO-8601 UTC text).
-- Kept beside the ledger so a restored backup restores both, and catch-up replays from there.
CREATE TABLE IF NOT EXISTS projection_checkpoints
(
    name       TEXT NOT NULL PRIMARY KEY,
    position   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
