import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewCandidate } from '../../search/loop/store.ts';
import { buildArchitecture } from '../../search/space/build.ts';
import { genotypeKey } from '../../search/space/genotype.ts';
import { seedCandidates } from '../../search/space/grow-trim.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDb = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'memnas-store-'));
  dirs.push(dir);
  return join(dir, 'search.db');
};

function picks(n: number, round = 0, parentId: number | null = null): NewCandidate[] {
  return seedCandidates(4)
    .slice(0, n)
    .map((c, i) => ({
      key: genotypeKey(c.genotype) + (round > 0 ? `#${round}` : ''),
      round,
      parentId,
      genotype: c.genotype,
      mutation: c.mutation,
      memory: {
        paramBytes: 100 + i,
        peakActivationBytes: 200,
        totalBytes: 300 + i,
        source: 'analytic' as const,
      },
      architecture: buildArchitecture(c.genotype, { shape: [8, 8, 1], classes: 3 }),
      controllerScore: round > 0 ? i / 10 : null,
      inheritedFrom: round > 0 ? parentId : null,
    }));
}

const weights = { stem_conv: { kernel: { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } } };

describe('SqliteSearchStore', () => {
  it('round-trips runs, rounds, candidates, weights and finals across a reopen', () => {
    const path = tempDb();
    const a = SqliteSearchStore.open(path);
    a.saveRunConfig({ lambda: 0.5, dataset: 'x' });
    const ids = a.startRound(
      { round: 0, parentId: null, picker: 'random', proposed: 28, overBudget: 3 },
      picks(3),
    );
    a.markTrained(ids[0]!, { validationAccuracy: 0.8, trainSeconds: 4.5, weights });
    a.markFailed(ids[1]!, 'worker died');
    a.setMeasured(ids[0]!, 12345);
    a.finishRound(0, {
      metrics: new Map([[ids[0]!, 0.25]]),
      nextParentId: ids[0]!,
      improved: true,
      quality: null,
    });
    const grown = a.startRound(
      { round: 1, parentId: ids[0]!, picker: 'controller', proposed: 100, overBudget: 0 },
      picks(2, 1, ids[0]!),
    );
    a.saveFinal({ candidateId: ids[0]!, validationAccuracy: 0.9, testAccuracy: 0.88, seconds: 30, weights });
    const before = { candidates: a.candidates(), rounds: a.rounds() };
    a.close();

    const b = SqliteSearchStore.open(path);
    expect(b.runConfig()).toEqual({ lambda: 0.5, dataset: 'x' });
    expect(b.runState()).toBe('searching');
    expect(b.candidates()).toEqual(before.candidates);
    expect(b.rounds()).toEqual(before.rounds);
    const first = b.candidates()[0]!;
    expect(first).toMatchObject({
      status: 'trained',
      validationAccuracy: 0.8,
      metric: 0.25,
      measuredBytes: 12345,
      trainSeconds: 4.5,
    });
    expect(b.candidates()[1]).toMatchObject({ status: 'failed', error: 'worker died' });
    expect(b.rounds()[1]).toMatchObject({
      round: 1,
      parentId: ids[0],
      picker: 'controller',
      picks: grown,
      done: false,
    });
    expect(b.candidates().find((c) => c.id === grown[1])!.controllerScore).toBeCloseTo(0.1);
    expect(Array.from(b.weights(ids[0]!)!.stem_conv!.kernel!.data)).toEqual([1, 2, 3, 4]);
    expect(b.weights(ids[1]!)).toBeNull();
    expect(b.finals()).toHaveLength(1);
    expect(b.finals()[0]!.testAccuracy).toBe(0.88);
    expect((b.architecture(ids[0]!) as { name: string }).name).toBe('candidate');
    b.close();
  });

  it("keeps a runoff's second pass beside the first, its weights replacing the first pass's", () => {
    const path = tempDb();
    const a = SqliteSearchStore.open(path);
    const ids = a.startRound(
      { round: 0, parentId: null, picker: 'all', proposed: 2, overBudget: 0 },
      picks(2),
    );
    a.markTrained(ids[0]!, { validationAccuracy: 0.8, trainSeconds: 4, weights });
    a.markTrained(ids[1]!, { validationAccuracy: 0.7, trainSeconds: 4, weights });
    const later = { stem_conv: { kernel: { shape: [2, 2], data: new Float32Array([5, 6, 7, 8]) } } };
    a.markRunoff(ids[0]!, { validationAccuracy: 0.83, trainSeconds: 5, weights: later });
    const cached = a.candidates();
    a.close();
    const b = SqliteSearchStore.open(path);
    expect(b.candidates()).toEqual(cached);
    expect(b.candidates()[0]).toMatchObject({ validationAccuracy: 0.8, runoffAccuracy: 0.83 });
    expect(b.candidates()[1]!.runoffAccuracy).toBeUndefined();
    expect(Array.from(b.weights(ids[0]!)!.stem_conv!.kernel!.data)).toEqual([5, 6, 7, 8]);
    b.close();
  });

  it('keeps every committed write when the process is killed without closing', () => {
    const path = tempDb();
    // A child process writes, reports, and is SIGKILLed without closing the database.
    const script = `
      import { SqliteSearchStore } from ${JSON.stringify(new URL('../../store/search-store.ts', import.meta.url).pathname)};
      import { seedCandidates } from ${JSON.stringify(new URL('../../search/space/grow-trim.ts', import.meta.url).pathname)};
      import { buildArchitecture } from ${JSON.stringify(new URL('../../search/space/build.ts', import.meta.url).pathname)};
      import { genotypeKey } from ${JSON.stringify(new URL('../../search/space/genotype.ts', import.meta.url).pathname)};
      const s = SqliteSearchStore.open(${JSON.stringify(path)});
      s.saveRunConfig({ k: 1 });
      const c = seedCandidates(4)[0];
      const [id] = s.startRound({ round: 0, parentId: null, picker: 'all', proposed: 1, overBudget: 0 }, [{
        key: genotypeKey(c.genotype), round: 0, parentId: null, genotype: c.genotype, mutation: c.mutation,
        memory: { paramBytes: 1, peakActivationBytes: 2, totalBytes: 3, source: 'analytic' },
        architecture: buildArchitecture(c.genotype, { shape: [8, 8, 1], classes: 3 }), controllerScore: null }]);
      s.markTrained(id, { validationAccuracy: 0.7, trainSeconds: 1, weights: {} });
      process.kill(process.pid, 'SIGKILL');
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(r.signal).toBe('SIGKILL');
    const s = SqliteSearchStore.open(path);
    expect(s.candidates()).toHaveLength(1);
    expect(s.candidates()[0]).toMatchObject({ status: 'trained', validationAccuracy: 0.7 });
    expect(s.weights(1)).toEqual({});
    s.close();
  });

  it('opens a version-1 file (before weight inheritance) and records its candidates as trained from scratch', () => {
    const path = tempDb();
    const db = new Database(path);
    db.exec(`CREATE TABLE IF NOT EXISTS candidates (
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
  status TEXT NOT NULL CHECK (status IN ('pending', 'trained', 'failed')),
  validation_accuracy REAL,
  metric REAL,
  measured_bytes INTEGER,
  train_seconds REAL,
  error TEXT,
  trained_at TEXT
);`);
    db.prepare(
      "INSERT INTO candidates (key, round, parent_id, genotype, mutation, architecture, param_bytes, peak_activation_bytes, total_bytes, memory_source, status) VALUES ('k', 0, NULL, ?, ?, '{}', 1, 2, 3, 'analytic', 'pending')",
    ).run(JSON.stringify(seedCandidates(4)[0]!.genotype), JSON.stringify(seedCandidates(4)[0]!.mutation));
    db.pragma('user_version = 1');
    db.close();
    const store = SqliteSearchStore.open(path);
    expect(store.candidates()).toHaveLength(1);
    expect(store.candidates()[0]!.inheritedFrom).toBeNull();
    store.close();
  });

  it('refuses a file that is not a search database with a one-line error', () => {
    const path = tempDb();
    spawnSync('sh', [
      '-c',
      `printf 'not sqlite at all, just text padding padding padding padding padding padding padding padding padding padding' > ${path}`,
    ]);
    expect(() => SqliteSearchStore.open(path)).toThrow(/not a usable search database|cannot open/);
  });
});
