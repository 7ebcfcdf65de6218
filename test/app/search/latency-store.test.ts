// The run database's latency records: a run stored before latency existed opens with every
// candidate not measured and its loop resumes on it; predicted and measured figures survive a
// reopen (a resumed run sees what the killed one recorded).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { latencyFields } from '../../../app/search/latency-fields.ts';
import { LatencyRecordingStore } from '../../../app/search/latency-store.ts';
import { runLoop, type LoopConfig } from '../../../search/loop/run-loop.ts';
import { budgetObjective } from '../../../search/objective/budget.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { genotypeKey } from '../../../search/space/genotype.ts';
import { seedCandidates } from '../../../search/space/grow-trim.ts';
import { SqliteSearchStore } from '../../../store/search-store.ts';
import { FakeTrainer, ManualClock, cellOracle } from '../../search/loop/fakes.ts';

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

describe('latency records in the run database', () => {
  it('opens a run stored before latency with every candidate not measured, and resumes its loop', async () => {
    const path = join(root, 'old.db');
    const old = SqliteSearchStore.open(path);
    const [first] = seedRound(old, false);
    old.markTrained(first!, { validationAccuracy: 0.7, trainSeconds: 1, weights: {} });
    old.close();

    const run = SqliteSearchStore.open(path);
    const store = LatencyRecordingStore.open(run, path);
    try {
      for (const c of store.candidates()) {
        expect(c.latency).toBeUndefined();
        expect(latencyFields(c)).toEqual({ latencyMs: null, latencySource: 'not-measured' });
      }
      const clock = new ManualClock();
      const cfg: LoopConfig = {
        lambda: 0.5,
        objective: budgetObjective,
        inherit: true,
        memoryBudgetBytes: 1_000_000,
        space,
        width: 8,
        stem: 8,
        seedSize: 2,
        k: 2,
        maxCells: 2,
        patience: 1,
        controllerFreeRounds: 2,
        seed: 0,
        deadline: 10_000_000,
        candidateSeconds: 10,
      };
      const trainer = new FakeTrainer(1, clock);
      const r = await runLoop({ store, trainer, oracle: cellOracle(), clock }, cfg);
      // The killed seed round finished with only the untrained seed trained now.
      expect(trainer.trained[0]).toBe(`cand-${store.candidates()[1]!.id}`);
      expect(store.candidates().find((c) => c.id === r.parentId)!.status).toBe('trained');
    } finally {
      store.close();
      run.close();
    }
  });

  it('keeps predicted figures and the measurement that replaces one across a reopen', () => {
    const path = join(root, 'new.db');
    const run = SqliteSearchStore.open(path);
    const store = LatencyRecordingStore.open(run, path);
    const [a, b] = seedRound(store, true);
    store.setLatency(a!, { ms: 0.75, source: 'measured' });
    store.close();
    run.close();
    const again = SqliteSearchStore.open(path);
    const reopened = LatencyRecordingStore.open(again, path);
    try {
      const byId = new Map(reopened.candidates().map((c) => [c.id, c]));
      expect(latencyFields(byId.get(a!)!)).toEqual({ latencyMs: 0.75, latencySource: 'measured' });
      expect(latencyFields(byId.get(b!)!)).toEqual({ latencyMs: 2, latencySource: 'predicted' });
    } finally {
      reopened.close();
      again.close();
    }
  });
});
