// The search run database's schema: one run per database (the run's output folder), its rounds,
// every candidate with lineage, memory and metrics, trained weights, and final-training results.
import type Database from 'better-sqlite3';
import { MemnasError } from '../search/errors.ts';

/**
 * 2: candidates record inherited_from (weight inheritance). 3: candidates record their batch-1
 * p50 on the device (latency_ms, predicted then measured: latency_source). 4: a runoff finalist's
 * second pass (runoff_accuracy, runoff_seconds; NULL: not a finalist).
 */
export const SCHEMA_VERSION = 4;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  created_at TEXT NOT NULL,
  config TEXT NOT NULL,
  state TEXT NOT NULL,
  stop_reason TEXT
);
CREATE TABLE IF NOT EXISTS rounds (
  round INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES candidates(id),
  picker TEXT NOT NULL,
  proposed INTEGER NOT NULL,
  over_budget INTEGER NOT NULL,
  picks TEXT NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  next_parent_id INTEGER REFERENCES candidates(id),
  improved INTEGER NOT NULL DEFAULT 0,
  quality TEXT
);
CREATE TABLE IF NOT EXISTS candidates (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  round INTEGER NOT NULL,
  parent_id INTEGER REFERENCES candidates(id),
  genotype TEXT NOT NULL,
  mutation TEXT NOT NULL,
  architecture TEXT NOT NULL,
  param_bytes INTEGER NOT NULL,
  peak_activation_bytes INTEGER NOT NULL,
  total_bytes INTEGER NOT NULL,
  memory_source TEXT NOT NULL,
  controller_score REAL,
  inherited_from INTEGER REFERENCES candidates(id),
  latency_ms REAL,
  latency_source TEXT CHECK (latency_source IN ('measured', 'predicted')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'trained', 'failed')),
  validation_accuracy REAL,
  runoff_accuracy REAL,
  runoff_seconds REAL,
  metric REAL,
  measured_bytes INTEGER,
  train_seconds REAL,
  error TEXT,
  trained_at TEXT
);
CREATE TABLE IF NOT EXISTS weights (
  candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id),
  bytes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS finals (
  candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id),
  validation_accuracy REAL NOT NULL,
  test_accuracy REAL,
  seconds REAL NOT NULL,
  weights BLOB NOT NULL
);
`;

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new MemnasError(
      'FILE_UNREADABLE',
      `the search database has schema version ${version}; this memnas reads up to ${SCHEMA_VERSION}`,
    );
  }
  db.exec(SCHEMA);
  // Version 1 files (made before weight inheritance) gain the column: their candidates trained
  // from scratch, which NULL records.
  const columns = db.prepare("SELECT name FROM pragma_table_info('candidates')").all() as { name: string }[];
  const has = (name: string): boolean => columns.some((c) => c.name === name);
  db.transaction(() => {
    if (!has('inherited_from'))
      db.exec('ALTER TABLE candidates ADD COLUMN inherited_from INTEGER REFERENCES candidates(id)');
    if (!has('latency_ms')) addLatencyColumns(db);
    // Runs made before the runoff had none: NULL says so.
    if (!has('runoff_accuracy'))
      db.exec(`ALTER TABLE candidates ADD COLUMN runoff_accuracy REAL;
        ALTER TABLE candidates ADD COLUMN runoff_seconds REAL`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/**
 * Version 2 files gain the latency columns (NULL: not measured). Those written while latency
 * lived in a table of its own (candidate_latency) move its rows into them.
 */
function addLatencyColumns(db: Database.Database): void {
  db.exec(`ALTER TABLE candidates ADD COLUMN latency_ms REAL;
    ALTER TABLE candidates ADD COLUMN latency_source TEXT CHECK (latency_source IN ('measured', 'predicted'))`);
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'candidate_latency'")
    .get();
  if (table === undefined) return;
  db.exec(`UPDATE candidates SET
      latency_ms = (SELECT ms FROM candidate_latency WHERE candidate_id = candidates.id),
      latency_source = (SELECT source FROM candidate_latency WHERE candidate_id = candidates.id)
    WHERE id IN (SELECT candidate_id FROM candidate_latency);
    DROP TABLE candidate_latency`);
}
