// The run database's latency records (schema 3): a run stored before latency existed opens with
// every candidate not measured and its loop resumes on it; one stored while latency had a table
// of its own keeps its figures; predicted and measured figures survive a reopen (a resumed run
// sees what the killed one recorded).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { latencyFields } from '../../app/search/latency-fields.ts';
import type { LoopConfig } from '../../search/loop/loop-config.ts';
import { runLoop } from '../../search/loop/run-loop.ts';
import { budgetObjective } from '../../search/objective/budget.ts';
import { buildArchitecture } from '../../search/space/build.ts';
import { genotypeKey } from '../../search/space/genotype.ts';
import { seedCandidates } from '../../search/space/grow-trim.ts';
import { SCHEMA_VERSION } from '../../store/schema.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import { FakeTrainer, LOOP_CONFIG, ManualClock, cellOracle } from '../search/loop/fakes.ts';

const root = mkdtempSync(join(tmpdir(), 'memnas-latency-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const space = { shape: [8, 8, 1] as [number, number, number], classes: 3 };

/** A seed round of two candidates, as the loop would start it; the first one trained. */
function seedRound(store: { startRound: SqliteSearchStore['startRound'] }, latency: boolean): number[] {
  const picks = seedCandidates(8)
    .slice(0, 2)
    .map((c, i) => ({
      key: genotypeKey(c.genotype),
      round: 0,
      parentId: null,
      genotype: c.genotype,
      mutation: c.mutation,
      memory: { paramBytes: 10, peakActivationBytes: 20, totalBytes: 30, source: 'analytic' as const },
      architecture: buildArchitecture(c.genotype, space),
      controllerScore: null,
      inheritedFrom: null,
      ...(latency ? { latency: { ms: 1 + i, source: 'predicted' as const } } : {}),
    }));
  return store.startRound({ round: 0, parentId: null, picker: 'all', proposed: 2, overBudget: 0 }, picks);
}

/** Turns a schema-3 file back into the version 2 shape, optionally with the old latency table. */
function asVersion2(path: string, oldTable?: readonly { id: number; ms: number; source: string }[]): void {
  const db = new Database(path);
  db.exec('ALTER TABLE candidates DROP COLUMN latency_source; ALTER TABLE candidates DROP COLUMN latency_ms');
  if (oldTable !== undefined) {
    db.exec(
      "CREATE TABLE candidate_latency (candidate_id INTEGER PRIMARY KEY, ms REAL NOT NULL, source TEXT NOT NULL CHECK (source IN ('measured', 'predicted')))",
    );
    const insert = db.prepare('INSERT INTO candidate_latency VALUES (?, ?, ?)');
    for (const r of oldTable) insert.run(r.id, r.ms, r.source);
  }
  db.pragma('user_version = 2');
  db.close();
}

describe('latency records in the run database', () => {
  it('opens a run stored before latency with every candidate not measured, and resumes its loop', async () => {
    const path = join(root, 'old.db');
    const old = SqliteSearchStore.open(path);
    const [first] = seedRound(old, false);
    old.markTrained(first!, { validationAccuracy: 0.7, trainSeconds: 1, weights: {} });
    old.close();
    asVersion2(path);

    const store = SqliteSearchStore.open(path);
    try {
      for (const c of store.candidates()) {
        expect(c.latency).toBeUndefined();
        expect(latencyFields(c)).toEqual({ latencyMs: null, latencySource: 'not-measured' });
      }
      const clock = new ManualClock();
      const cfg: LoopConfig = {
        ...LOOP_CONFIG,
        lambda: 0.5,
        objective: budgetObjective,
        space,
        seedSize: 2,
        k: 2,
        maxCells: 2,
        patience: 1,
        seed: 0,
      };
      const trainer = new FakeTrainer(1, clock);
      const r = await runLoop({ store, trainer, oracle: cellOracle(), clock }, cfg);
      // The killed seed round finished with only the untrained seed trained now.
      expect(trainer.trained[0]).toBe(`cand-${store.candidates()[1]!.id}`);
      expect(store.candidates().find((c) => c.id === r.parentId)!.status).toBe('trained');
    } finally {
      store.close();
    }
  });

  it('moves the figures of a run stored while latency had its own table into the candidates', () => {
    const path = join(root, 'table.db');
    const run = SqliteSearchStore.open(path);
    const [a, b] = seedRound(run, false);
    run.close();
    asVersion2(path, [{ id: a!, ms: 0.5, source: 'measured' }]);
    const again = SqliteSearchStore.open(path);
    try {
      const byId = new Map(again.candidates().map((c) => [c.id, c]));
      expect(latencyFields(byId.get(a!)!)).toEqual({ latencyMs: 0.5, latencySource: 'measured' });
      expect(latencyFields(byId.get(b!)!)).toEqual({ latencyMs: null, latencySource: 'not-measured' });
    } finally {
      again.close();
    }
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'candidate_latency'").get(),
    ).toBeUndefined();
    db.close();
  });

  it('keeps predicted figures and the measurement that replaces one across a reopen', () => {
    const path = join(root, 'new.db');
    const store = SqliteSearchStore.open(path);
    const [a, b] = seedRound(store, true);
    store.setLatency(a!, { ms: 0.75, source: 'measured' });
    expect(latencyFields(store.candidates().find((c) => c.id === a)!)).toEqual({
      latencyMs: 0.75,
      latencySource: 'measured',
    });
    store.close();
    const reopened = SqliteSearchStore.open(path);
    try {
      const byId = new Map(reopened.candidates().map((c) => [c.id, c]));
      expect(latencyFields(byId.get(a!)!)).toEqual({ latencyMs: 0.75, latencySource: 'measured' });
      expect(latencyFields(byId.get(b!)!)).toEqual({ latencyMs: 2, latencySource: 'predicted' });
    } finally {
      reopened.close();
    }
  });
});
