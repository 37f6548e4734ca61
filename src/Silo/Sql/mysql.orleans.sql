-- Market-Micro schema for MySQL 8 / MariaDB 10.11 (MySqlConnector, invariant MySql.Data.MySqlConnector):
-- the Orleans ADO.NET grain storage and reminder tables and the queries Orleans reads from OrleansQuery.
-- Statements are separated by "-- GO" lines; every statement is idempotent. No procedures, no DELIMITER.
--
-- Grain storage: GrainKey (SHA-256 of the full grain identity) is the primary key, so a write is one
-- INSERT ... ON DUPLICATE KEY UPDATE that applies only when the caller holds the stored version. Each applied
-- write stamps a fresh WriteToken (a session variable: the silo's connection string sets AllowUserVariables),
-- which tells a refused write from an applied one even under concurrent writers.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  VARCHAR(64) NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
) DEFAULT CHARSET = utf8mb4;
-- GO
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainKey               BINARY(32) NOT NULL PRIMARY KEY,
    GrainIdHash            INT NOT NULL,
    GrainIdN0              BIGINT NOT NULL,
    GrainIdN1              BIGINT NOT NULL,
    GrainTypeHash          INT NOT NULL,
    GrainTypeString        VARCHAR(512) NOT NULL,
    GrainIdExtensionString VARCHAR(512) NULL,
    ServiceId              VARCHAR(150) NOT NULL,
    PayloadBinary          LONGBLOB NULL,
    ModifiedOn             DATETIME(6) NOT NULL,
    Version                INT NOT NULL,
    WriteToken             CHAR(36) NOT NULL,
    PendingSince           DATETIME(6) NULL
) DEFAULT CHARSET = utf8mb4;
-- GO
-- Since when a grain's stored state has owed work (NULL: it owes none); a table from before the column gets it here.
ALTER TABLE OrleansStorage ADD COLUMN IF NOT EXISTS PendingSince DATETIME(6) NULL;
-- GO
-- What changed since a moment, per state name: the projections' catch-up passes (StoredStateChanges) read by it
-- instead of scanning every row.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Changes ON OrleansStorage (GrainTypeHash, ModifiedOn);
-- GO
-- The old stamps per state name: the recovery sweep (StoredStateChanges.ReadOwingAsync) reads by it.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Owing ON OrleansStorage (GrainTypeHash, PendingSince);
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
    SET @mm_write_token = UUID();
    INSERT INTO OrleansStorage
        (GrainKey, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version, WriteToken)
    VALUES
        (UNHEX(SHA2(CONCAT_WS(''|'', @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, '''')), 256)),
         @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, UTC_TIMESTAMP(6), 1, @mm_write_token)
    ON DUPLICATE KEY UPDATE
        PayloadBinary = IF(Version = @GrainStateVersion, @PayloadBinary, PayloadBinary),
        ModifiedOn = IF(Version = @GrainStateVersion, UTC_TIMESTAMP(6), ModifiedOn),
        WriteToken = IF(Version = @GrainStateVersion, @mm_write_token, WriteToken),
        Version = IF(Version = @GrainStateVersion, Version + 1, Version);
    SELECT IF(WriteToken = @mm_write_token, Version, @GrainStateVersion) AS NewGrainStateVersion
    FROM OrleansStorage
    WHERE GrainKey = UNHEX(SHA2(CONCAT_WS(''|'', @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, '''')), 256));
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainKey = UNHEX(SHA2(CONCAT_WS(''|'', @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, '''')), 256))
        AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash;
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = UTC_TIMESTAMP(6), Version = Version + 1
    WHERE GrainKey = UNHEX(SHA2(CONCAT_WS(''|'', @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, '''')), 256))
        AND Version = @GrainStateVersion;
    SELECT IF(ROW_COUNT() > 0, @GrainStateVersion + 1, @GrainStateVersion) AS NewGrainStateVersion;
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
-- GO
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    VARCHAR(150) NOT NULL,
    GrainId      VARCHAR(150) NOT NULL,
    ReminderName VARCHAR(150) NOT NULL,
    StartTime    DATETIME(3) NOT NULL,
    Period       BIGINT NOT NULL,
    GrainHash    INT NOT NULL,
    Version      INT NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName),
    INDEX IX_OrleansRemindersTable_GrainHash (ServiceId, GrainHash)
) DEFAULT CHARSET = utf8mb4;
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
    INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, LAST_INSERT_ID(0))
    ON DUPLICATE KEY UPDATE
        StartTime = @StartTime,
        Period = @Period,
        GrainHash = @GrainHash,
        Version = LAST_INSERT_ID(Version + 1);
    SELECT LAST_INSERT_ID() AS Version;
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version;
    SELECT ROW_COUNT() > 0;
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
-- GO
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
')
ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText);
