import { describe, expect, it } from 'vitest';
import type { Controller } from '../../../search/controller/contract.ts';
import { isMemnasError } from '../../../search/errors.ts';
import type { LoopConfig, LoopDeps } from '../../../search/loop/loop-config.ts';
import { runLoop } from '../../../search/loop/run-loop.ts';
import { genotypeKey, type Genotype } from '../../../search/space/genotype.ts';
import { budgetObjective } from '../../../search/objective/budget.ts';
import { FakeTrainer, LOOP_CONFIG, ManualClock, MemoryStore, fakeDeps } from './fakes.ts';

const base = LOOP_CONFIG;

function setup(overrides: Partial<LoopConfig> = {}, controller?: LoopDeps['controller']) {
  const clock = new ManualClock();
  const store = new MemoryStore();
  const trainer = new FakeTrainer(2, clock);
  const fake = fakeDeps(store, trainer, clock);
  const deps: LoopDeps = { ...fake.deps, ...(controller === undefined ? {} : { controller }) };
  return { clock, store, trainer, events: fake.events, deps, cfg: { ...base, ...overrides } };
}

describe('runLoop', () => {
  it('trains the seed subset, grows the parent each round and stops at the maximum cell count', async () => {
    const { store, deps, cfg } = setup();
    const r = await runLoop(deps, cfg);
    expect(r.stopReason).toBe('max-cells');
    const rounds = store.rounds();
    expect(rounds[0]!.picks).toHaveLength(4);
    expect(rounds[0]!.picker).toBe('random');
    // Every round's picks are trained and recorded with their parent and lineage.
    for (const round of rounds.slice(1)) {
      for (const id of round.picks) {
        const c = store.list.find((x) => x.id === id)!;
        expect(c.status).toBe('trained');
        expect(c.parentId).toBe(round.parentId);
        expect(['grow', 'trim-op', 'trim-edge', 'width', 'keep']).toContain(c.mutation.kind);
        expect(c.metric).not.toBeNull();
      }
    }
    const parent = store.list.find((c) => c.id === r.parentId)!;
    expect(parent.genotype.blocks[0]!.cells).toHaveLength(3);
    // No network is trained twice.
    const keys = store.list.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('makes the best candidate by the metric the next parent, only when it beats the parent', async () => {
    const { store, deps, cfg } = setup({ maxCells: 2 });
    await runLoop(deps, cfg);
    const [seed, grow] = store.rounds();
    const trainedSeeds = seed!.picks.map((id) => store.list.find((c) => c.id === id)!);
    const bestSeed = trainedSeeds.reduce((a, b) => (b.metric! > a.metric! ? b : a));
    expect(seed!.nextParentId).toBe(bestSeed.id);
    const kids = grow!.picks.map((id) => store.list.find((c) => c.id === id)!);
    const bestKid = kids.reduce((a, b) => (b.metric! > a.metric! ? b : a));
    expect(grow!.improved).toBe(bestKid.metric! > 0);
    expect(grow!.nextParentId).toBe(bestKid.metric! > 0 ? bestKid.id : bestSeed.id);
  });

  it('drops candidates over the memory budget before training them', async () => {
    // One cell per block costs 50 KB at width 8, in proportion to the width: a budget of 120 KB
    // admits two cells at width 8, three only at width 6 or less (the fake's accuracy ignores width).
    const { store, deps, cfg } = setup({ memoryBudgetBytes: 120_000, maxCells: 5, patience: 5 });
    const r = await runLoop(deps, cfg);
    const parent = store.list.find((c) => c.id === r.parentId)!.genotype;
    expect(parent.blocks[0]!.cells.length).toBeGreaterThanOrEqual(2);
    expect(parent.blocks[0]!.cells.length * parent.width).toBeLessThanOrEqual(2 * 8 + 2);
    expect(store.list.every((c) => c.memory.totalBytes <= 120_000)).toBe(true);
    expect(store.rounds().some((round) => round.overBudget > 0)).toBe(true);
  });

  it('says so, with the smallest network, when no seed meets the budget', async () => {
    const { deps, cfg, trainer } = setup({ memoryBudgetBytes: 10_000 });
    const e = await runLoop(deps, cfg).catch((x: unknown) => x);
    expect(isMemnasError(e) && e.code).toBe('BUDGET_UNREACHABLE');
    expect((e as Error).message).toMatch(/smallest seed network needs 50\.0 KB/);
    expect(trainer.trained).toHaveLength(0);
  });

  it('stops on the time budget and starts no training after the deadline', async () => {
    const { store, deps, cfg, clock } = setup({ deadline: 30_000, maxCells: 10, patience: 10 });
    const r = await runLoop(deps, cfg);
    expect(r.stopReason).toBe('time');
    // 2 slots, 10 s each: a training may start only while 10 s of budget remain.
    expect(clock.t).toBeLessThanOrEqual(30_000 + 10_000);
    expect(store.list.filter((c) => c.status === 'trained').length).toBeGreaterThanOrEqual(4);
  });

  it('stops after `patience` rounds without a better parent', async () => {
    const { deps, cfg, store } = setup({ maxCells: 10, patience: 1, lambda: 0 });
    // λ = 0: only memory counts, and every grow adds memory, so no child beats its parent.
    // Trims of a one-cell parent (1×1 convs) are as big as it, so they cannot win either.
    const r = await runLoop(deps, cfg);
    expect(r.stopReason).toBe('no-improvement');
    expect(store.rounds().at(-1)!.improved).toBe(false);
  });

  it('without patience, goes on through rounds the baseline wins until the time budget ends it', async () => {
    const { deps, cfg, store } = setup({ maxCells: 10, patience: null, lambda: 0, deadline: 200_000 });
    const r = await runLoop(deps, cfg);
    expect(r.stopReason).toBe('time');
    const rounds = store.rounds().slice(1);
    // Several rounds in a row without a better parent, each still training the parent further.
    expect(rounds.filter((x) => !x.improved).length).toBeGreaterThanOrEqual(3);
    for (const round of rounds)
      expect(round.picks.some((id) => store.list.find((c) => c.id === id)!.mutation.kind === 'keep')).toBe(
        true,
      );
  });

  it('records a failed training and goes on', async () => {
    const { deps, cfg, trainer, store } = setup({ maxCells: 2 });
    trainer.failNames.add('cand-2');
    await runLoop(deps, cfg);
    const failed = store.list.find((c) => c.id === 2)!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/fake failure/);
    expect(store.rounds()[0]!.nextParentId).not.toBe(2);
  });

  it('resumes a killed run without retraining anything finished', async () => {
    const first = setup({ maxCells: 3 });
    // Kill after the fifth training: the exception stands in for SIGKILL.
    let count = 0;
    const realTrain = first.trainer.train.bind(first.trainer);
    first.trainer.train = async (arch) => {
      if (++count > 5) throw Object.assign(new Error('killed'), { fatal: true });
      return realTrain(arch);
    };
    const crashingStore = first.store;
    const markFailed = crashingStore.markFailed.bind(crashingStore);
    crashingStore.markFailed = (id, error) => {
      if (error === 'killed') throw new Error('killed'); // the process died before recording anything
      markFailed(id, error);
    };
    await expect(runLoop(first.deps, first.cfg)).rejects.toThrow('killed');
    const trainedBefore = crashingStore.list.filter((c) => c.status === 'trained').map((c) => c.id);
    expect(trainedBefore.length).toBe(5);
    expect(crashingStore.rounds().at(-1)!.done).toBe(false);

    const second = setup({ maxCells: 3 });
    const deps = { ...second.deps, store: crashingStore };
    crashingStore.markFailed = markFailed;
    const r = await runLoop(deps, second.cfg);
    const retrained = second.trainer.trained.map((name) => Number(name.slice(5)));
    expect(retrained.some((id) => trainedBefore.includes(id))).toBe(false);
    expect(r.stopReason).toBe('max-cells');
    expect(crashingStore.list.filter((c) => c.status === 'pending')).toHaveLength(0);
  });

  it('ranks with the controller after the controller-free rounds and reports its quality', async () => {
    const fits: number[] = [];
    const controller: Pick<Controller, 'fit' | 'score'> = {
      fit: async (examples) => {
        fits.push(examples.length);
        return {
          examples: examples.length,
          rounds: 1,
          epochs: 1,
          finalLoss: 0,
          trainTau: 0,
          seconds: 0,
          warmStarted: false,
        };
      },
      // Prefers candidates with more conv3x3 ops: the fake trainer rewards them.
      score: async (_parent: Genotype, cs: readonly Genotype[]) =>
        cs.map((g) => g.blocks[0]!.cells.flatMap((c) => c.ops).filter((o) => o === 'conv3x3').length),
    };
    const { deps, cfg, store } = setup({ maxCells: 4, patience: 5 }, controller);
    await runLoop(deps, cfg);
    const rounds = store.rounds();
    expect(rounds.slice(0, 2).map((r) => r.picker)).toEqual(['random', 'random']);
    expect(rounds.slice(2).every((r) => r.picker === 'controller')).toBe(true);
    expect(rounds[2]!.quality).not.toBeNull();
    expect(rounds[2]!.quality!.ndcg).toBeGreaterThan(0);
    // Re-fitted each controller round on every trained candidate so far, growing.
    expect(fits.length).toBe(rounds.length - 2);
    expect(fits[0]).toBeGreaterThan(0);
    for (let i = 1; i < fits.length; i++) expect(fits[i]!).toBeGreaterThan(fits[i - 1]!);
    // Every pick but the baseline (the parent trained further) was ranked by the controller.
    const picked = store.list.filter((c) => c.round === 2 && c.mutation.kind !== 'keep');
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.every((c) => c.controllerScore !== null)).toBe(true);
  });
});

describe('runLoop warm-up order', () => {
  const idle: Pick<Controller, 'fit' | 'score'> = {
    fit: async () => ({
      examples: 0,
      rounds: 0,
      epochs: 0,
      finalLoss: 0,
      trainTau: 0,
      seconds: 0,
      warmStarted: false,
    }),
    score: async (_p: Genotype, cs: readonly Genotype[]) => cs.map(() => 0),
  };
  const roundOneKinds = async (controller?: LoopDeps['controller']) => {
    const { store, deps, cfg } = setup({ maxCells: 2, k: 4, patience: 1 }, controller);
    await runLoop(deps, cfg);
    return store.list.filter((c) => c.round === 1 && c.mutation.kind !== 'keep').map((c) => c.mutation.kind);
  };

  it("a controller's warm-up round trains a grow, a trim and a width step although grows outnumber them", async () => {
    const kinds = await roundOneKinds(idle);
    expect(kinds).toHaveLength(3);
    expect(kinds.some((k) => k === 'grow')).toBe(true);
    expect(kinds.some((k) => k === 'trim-op' || k === 'trim-edge')).toBe(true);
    expect(kinds.some((k) => k === 'width')).toBe(true);
  });

  it('the random picker (no controller) keeps the uniform shuffle, where grows dominate', async () => {
    expect(await roundOneKinds()).toEqual(['grow', 'grow', 'grow']);
  });
});

describe('runLoop with weight inheritance and objectives', () => {
  it('seeds train from scratch; every child starts from its parent and records it', async () => {
    const { store, trainer, deps, cfg } = setup({ maxCells: 2 });
    await runLoop(deps, cfg);
    for (const c of store.list) {
      const start = trainer.starts.find((s) => s.name === `cand-${c.id}`)!;
      expect(start.round).toBe(c.round);
      if (c.round === 0) {
        expect(c.inheritedFrom).toBeNull();
        expect(start.inherited).toBe(false);
      } else {
        expect(c.inheritedFrom).toBe(c.parentId);
        expect(start.inherited).toBe(true);
      }
    }
  });

  it('under inheritance each round trains its parent further as the baseline, which the controller never learns from', async () => {
    let examples = 0;
    const controller: Pick<Controller, 'fit' | 'score'> = {
      fit: async (ex) => {
        expect(ex.every((e) => genotypeKey(e.candidate) !== genotypeKey(e.parent))).toBe(true);
        examples = ex.length;
        const report = { examples: ex.length, rounds: 1, epochs: 1, finalLoss: 0, trainTau: 0 };
        return { ...report, seconds: 0, warmStarted: false };
      },
      score: async (_p: Genotype, cs: readonly Genotype[]) => cs.map((_, i) => -i),
    };
    const { store, deps, cfg } = setup({ maxCells: 3, controllerFreeRounds: 1 }, controller);
    await runLoop(deps, cfg);
    for (const round of store.rounds().slice(1)) {
      const first = store.list.find((c) => c.id === round.picks[0])!;
      expect(first.mutation.kind).toBe('keep');
      expect(genotypeKey(first.genotype)).toBe(
        genotypeKey(store.list.find((c) => c.id === round.parentId)!.genotype),
      );
      expect(first.inheritedFrom).toBe(round.parentId);
    }
    expect(examples).toBeGreaterThan(0);
  });

  it('without inheritance every child trains from scratch and records null', async () => {
    const { store, trainer, deps, cfg } = setup({ maxCells: 2, inherit: false });
    await runLoop(deps, cfg);
    expect(store.list.some((c) => c.round > 0)).toBe(true);
    expect(store.list.every((c) => c.inheritedFrom === null)).toBe(true);
    expect(trainer.starts.every((s) => !s.inherited)).toBe(true);
  });

  it('under the budget objective a grow wins when its accuracy is worth its memory, and loses when not', async () => {
    // The fake: +8 points per cell (+3 per conv3x3 of block 1) at 50 KB per cell. Budget 1 MB: at
    // λ 0.5 one point pays for 500 KB, so a grow wins; at λ 0.003 one point pays for ~1.5 KB, so
    // even +14 points (21 KB) lose to 50 KB.
    const grows = async (lambda: number): Promise<boolean> => {
      const { store, deps, cfg } = setup({ maxCells: 2, lambda, objective: budgetObjective });
      const r = await runLoop(deps, cfg);
      return store.list.find((c) => c.id === r.parentId)!.genotype.blocks[0]!.cells.length === 2;
    };
    expect(await grows(0.5)).toBe(true);
    expect(await grows(0.003)).toBe(false);
  });
});
