-- The order ledger (MySQL 8 / MariaDB 10.11): a projection of order events backing the admin order list and
-- financials. Money is stored in integer cents so that sums are exact; timestamps are UTC DATETIME(6).
-- Statements are separated by "-- GO" lines; every statement is idempotent.
CREATE TABLE IF NOT EXISTS ledger_orders
(
    order_id       CHAR(36) NOT NULL PRIMARY KEY,
    user_id        CHAR(36) NOT NULL,
    customer_email VARCHAR(320) NULL,
    status         VARCHAR(16) NOT NULL,
    total_cents    BIGINT NOT NULL,
    currency       CHAR(3) NOT NULL,
    item_count     INT NOT NULL,
    created_at     DATETIME(6) NOT NULL,
    updated_at     DATETIME(6) NOT NULL,
    confirmed_at   DATETIME(6) NULL,
    version        BIGINT NOT NULL,
    INDEX ix_ledger_orders_created (created_at, status, total_cents, item_count, confirmed_at),
    INDEX ix_ledger_orders_status_created (status, created_at),
    INDEX ix_ledger_orders_user_created (user_id, created_at)
) DEFAULT CHARSET = utf8mb4;
-- GO
CREATE TABLE IF NOT EXISTS ledger_order_lines
(
    order_id         CHAR(36) NOT NULL,
    product_id       CHAR(36) NOT NULL,
    name             VARCHAR(200) NOT NULL,
    unit_price_cents BIGINT NOT NULL,
    quantity         INT NOT NULL,
    status           VARCHAR(16) NOT NULL,
    created_at       DATETIME(6) NOT NULL,
    PRIMARY KEY (order_id, product_id),
    INDEX ix_ledger_order_lines_created (created_at, status, product_id, quantity, unit_price_cents),
    INDEX ix_ledger_order_lines_product (product_id)
) DEFAULT CHARSET = utf8mb4;
-- GO
-- How far each projection kept in this database got: the newest stored-state time it applied (ISO-8601 UTC text).
-- Kept beside the ledger so a restored backup restores both, and catch-up replays from there.
CREATE TABLE IF NOT EXISTS projection_checkpoints
(
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    position   VARCHAR(64) NOT NULL,
    updated_at DATETIME(6) NOT NULL
) DEFAULT CHARSET = utf8mb4;
