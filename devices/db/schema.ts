// The coordinator's SQLite schema and its migration. PRAGMA user_version holds the schema
// version, so a database written by a newer coordinator is refused instead of misread.
import type Database from 'better-sqlite3';
import { MemnasError } from '../../search/errors.ts';

export const SCHEMA_VERSION = 2;

const V1 = `
CREATE TABLE devices (
  name          TEXT PRIMARY KEY,
  description   TEXT NOT NULL,            -- DeviceDescription JSON
  tags          TEXT NOT NULL,            -- JSON array, for tag matching in SQL
  agent_version TEXT NOT NULL,
  registered_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL
);
CREATE TABLE models (
  sha256     TEXT PRIMARY KEY,
  size       INTEGER NOT NULL,
  bytes      BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE jobs (
  id               TEXT PRIMARY KEY,
  model_sha256     TEXT NOT NULL REFERENCES models(sha256),
  target_kind      TEXT NOT NULL CHECK (target_kind IN ('device', 'tag')),
  target           TEXT NOT NULL,
  spec             TEXT NOT NULL,         -- JobSpec JSON
  state            TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempt          INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  device_name      TEXT,
  lease_expires_at INTEGER,
  deadline_at      INTEGER,
  error_code       TEXT,
  error_message    TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  finished_at      INTEGER
);
CREATE INDEX jobs_by_state ON jobs (state, created_at);
CREATE TABLE attempts (
  job_id      TEXT NOT NULL REFERENCES jobs(id),
  attempt     INTEGER NOT NULL,
  device_name TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  ended_at    INTEGER,
  outcome     TEXT NOT NULL CHECK (outcome IN ('running', 'done', 'failed', 'abandoned', 'timeout')),
  detail      TEXT,
  PRIMARY KEY (job_id, attempt)
);
-- One row per job at most: the database itself refuses a second report.
CREATE TABLE results (
  job_id      TEXT PRIMARY KEY REFERENCES jobs(id),
  attempt     INTEGER NOT NULL,
  device_name TEXT NOT NULL,
  result      TEXT NOT NULL,              -- ProfileResult JSON, raw latencies included
  received_at INTEGER NOT NULL
);
`;

/**
 * Version 2: each device's credential, stored as the sha256 of the device token its registration
 * returned (the token itself is never stored), and an index to find a device by it.
 */
const V2 = `
ALTER TABLE devices ADD COLUMN token_sha256 TEXT;
CREATE UNIQUE INDEX devices_by_token ON devices (token_sha256);
`;

/** Creates the tables in an empty database, upgrades an older one; refuses one from a newer coordinator. */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new MemnasError(
      'USAGE',
      `the database was written by a newer coordinator (schema ${version}, this one knows ${SCHEMA_VERSION}); use a newer memnas or another --db file`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    if (version < 1) db.exec(V1);
    if (version < 2) db.exec(V2);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
