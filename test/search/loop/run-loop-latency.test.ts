// The loop under a latency budget, against fakes: a device whose p50 grows with cells per block,
// predicted before training and measured after. A budget excludes the slow grows; one no seed
// meets ends the search on the fastest measured seed with everything trained kept; and without a
// latency budget the same run chooses exactly what it chose before latency existed.
import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../../search/architecture/types.ts';
import type { LoopEvent } from '../../../search/loop/events.ts';
import type { LatencyOracle } from '../../../search/loop/latency-oracle.ts';
import type { MemoryOracle } from '../../../search/loop/memory-oracle.ts';
import type { LoopConfig } from '../../../search/loop/loop-config.ts';
import { runLoop } from '../../../search/loop/run-loop.ts';
import type { LatencyFigures } from '../../../search/loop/types.ts';
import { budgetObjective } from '../../../search/objective/budget.ts';
import type { Genotype } from '../../../search/space/genotype.ts';
import { FakeTrainer, LOOP_CONFIG, ManualClock, MemoryStore, cellOracle } from './fakes.ts';

class TimedStore extends MemoryStore {
  setLatency(id: number, latency: LatencyFigures): void {
    const i = this.list.findIndex((c) => c.id === id);
    this.list[i] = { ...this.list[i]!, latency };
  }
}

const cells = (arch: Architecture): number => {
  const g = arch.genotype as Genotype;
  return g.blocks.reduce((s, b) => s + b.cells.length, 0) / g.blocks.length;
};

/** p50 = 1 ms per cell per block (+ `bias` in the prediction); measured once trained. */
function timedOracle(bias = 0): MemoryOracle & { latency: LatencyOracle } {
  const memory = cellOracle();
  const measured = new Set<string>();
  const key = (a: Architecture) => JSON.stringify(a.nodes);
  return {
    estimate: (a) => memory.estimate(a),
    measure: async (a) => {
      measured.add(key(a));
      return memory.estimate(a).totalBytes;
    },
    latency: {
      predictor: 'fake',
      predict: (a) => cells(a) + (measured.has(key(a)) ? 0 : bias),
      measured: (a) => (measured.has(key(a)) ? cells(a) : null),
    },
  };
}

const base: LoopConfig = { ...LOOP_CONFIG, objective: budgetObjective };

async function search(cfg: LoopConfig, oracle: MemoryOracle) {
  const clock = new ManualClock();
  const store = new TimedStore();
  const events: LoopEvent[] = [];
  const result = await runLoop(
    { store, trainer: new FakeTrainer(2, clock), oracle, clock, onEvent: (e) => events.push(e) },
    cfg,
  );
  const starts = events.flatMap((e) => (e.kind === 'round-start' ? [e] : []));
  return { store, result, starts };
}

describe('runLoop with a latency budget', () => {
  it('records predicted then measured latency, and never grows past the budget', async () => {
    const { store, result, starts } = await search(
      { ...base, latency: { budgetMs: 1.5, weight: 1 } },
      timedOracle(),
    );
    // Every grow is predicted at 2 ms: the round-start events count them apart from memory.
    expect(starts.slice(1).every((e) => (e.overLatency ?? 0) > 0)).toBe(true);
    const parent = store.list.find((c) => c.id === result.parentId)!;
    // Accuracy rises with cells, so without the budget the search grows (next test); here 2 cells cost 2 ms.
    expect(parent.genotype.blocks[0]!.cells).toHaveLength(1);
    for (const c of store.list.filter((x) => x.status === 'trained'))
      expect(c.latency).toEqual({ ms: cells({ genotype: c.genotype } as Architecture), source: 'measured' });
    expect(
      store
        .rounds()
        .slice(1)
        .every((r) => r.overBudget > 0),
    ).toBe(true);
  });

  it('grows when the budget allows it, and the same seed without a budget chooses as before latency', async () => {
    const free = await search(base, timedOracle());
    expect(free.starts.every((e) => e.overLatency === undefined)).toBe(true);
    const blind = await search(base, cellOracle());
    expect(free.result).toEqual(blind.result);
    expect(free.store.list.map((c) => [c.key, c.metric])).toEqual(
      blind.store.list.map((c) => [c.key, c.metric]),
    );
    const roomy = await search({ ...base, latency: { budgetMs: 10, weight: 0 } }, timedOracle());
    expect(roomy.result.parentId).toBe(free.result.parentId);
    const grown = free.store.list.find((c) => c.id === free.result.parentId)!;
    expect(grown.genotype.blocks[0]!.cells.length).toBeGreaterThan(1);
  });

  it('ends on the fastest measured seed when no seed meets the budget, keeping every trained one', async () => {
    // Predicted 5 ms over the measurement: every seed looks too slow, the fastest predicted train anyway.
    const { store, result } = await search(
      { ...base, latency: { budgetMs: 0.5, weight: 1 } },
      timedOracle(5),
    );
    expect(result.stopReason).toBe('latency-unmet');
    const seeds = store.list.filter((c) => c.round === 0);
    expect(seeds.length).toBe(base.seedSize);
    expect(seeds.every((c) => c.status === 'trained' && c.latency?.source === 'measured')).toBe(true);
    const fastest = Math.min(...seeds.map((c) => c.latency!.ms));
    expect(store.list.find((c) => c.id === result.parentId)!.latency!.ms).toBe(fastest);
    expect(store.rounds()).toHaveLength(1);
  });

  it("awaits the predictor's prepare before predicting a structure it has not measured", async () => {
    const oracle = timedOracle();
    const prepared = new Set<string>();
    const key = (a: Architecture) => JSON.stringify(a.nodes);
    const prepare = async (a: Architecture) => {
      await new Promise((r) => setTimeout(r, 0));
      prepared.add(key(a));
    };
    // Without its preparation this predictor would say 100 ms: over the budget, nothing could train.
    const predict = (a: Architecture) => (prepared.has(key(a)) ? cells(a) : 100);
    const { store } = await search(
      { ...base, latency: { budgetMs: 1.5, weight: 1 } },
      { ...oracle, latency: { ...oracle.latency, predict, prepare } },
    );
    // Unprepared, the seed round would train its 4 fastest and every later round pick nothing.
    expect(store.rounds().length).toBeGreaterThan(1);
    expect(store.list.filter((c) => c.status === 'trained').length).toBeGreaterThan(LOOP_CONFIG.seedSize);
    expect(store.list.filter((c) => c.round > 0 && c.mutation.kind !== 'keep').length).toBeGreaterThan(0);
    expect(prepared.size).toBeGreaterThan(LOOP_CONFIG.seedSize);
  });
});
