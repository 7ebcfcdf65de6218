// The SQLite JobStore: the shared contract in memory and on disk, plus what only a file gives —
// everything is still there after the store is closed and opened again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteJobStore } from '../../../devices/db/sqlite-store.ts';
import { sha256 } from '../../../profiler-agent/measure/profile.ts';
import { device, SPEC, tinyModel } from '../helpers/fixtures.ts';
import { jobStoreContract } from '../store/job-store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'memnas-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

jobStoreContract('SQLite in memory', () => SqliteJobStore.open(':memory:'));
jobStoreContract('SQLite file', () => SqliteJobStore.open(join(dir, `contract-${n++}.db`)));

describe('SqliteJobStore on disk', () => {
  it('uses WAL and keeps queued and running jobs across a close and reopen', () => {
    const path = join(dir, 'reopen.db');
    const model = tinyModel();
    const first = SqliteJobStore.open(path);
    first.putModel(sha256(model), model, 0);
    first.upsertDevice(device('a'), '0', 0);
    first.createJob(
      { id: 'q', modelSha256: sha256(model), target: { device: 'a' }, spec: SPEC, maxAttempts: 3 },
      1,
    );
    first.createJob(
      { id: 'r', modelSha256: sha256(model), target: { device: 'a' }, spec: SPEC, maxAttempts: 3 },
      0,
    );
    first.claimJob('a', 2, { leaseMs: 100, runLimitMs: () => 1_000 });
    first.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const second = SqliteJobStore.open(path);
    expect(second.getJob('q')).toMatchObject({ state: 'queued', spec: SPEC, target: { device: 'a' } });
    expect(second.getJob('r')).toMatchObject({ state: 'running', attempt: 1, deviceName: 'a' });
    second.close();
  });

  it('refuses a database written by a newer schema', () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => SqliteJobStore.open(path)).toThrow(/newer coordinator/);
  });
});
