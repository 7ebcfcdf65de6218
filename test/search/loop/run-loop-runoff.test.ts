// The loop's runoff: a round's first-pass leader that loses the second pass is not chosen, the
// controller still learns first-pass metrics, and a run killed mid-runoff resumes without
// retraining a finished pass.
import { describe, expect, it } from 'vitest';
import type { LoopConfig } from '../../../search/loop/loop-config.ts';
import { runLoop } from '../../../search/loop/run-loop.ts';
import type { CandidateTrainer, CandidateTrainResult, TrainStart } from '../../../search/loop/trainer.ts';
import type { Architecture } from '../../../search/architecture/types.ts';
import { budgetObjective } from '../../../search/objective/budget.ts';
import type { CandidateRecord } from '../../../search/loop/types.ts';
import { LOOP_CONFIG, ManualClock, MemoryStore, fakeDeps } from './fakes.ts';

type Leads = Record<string, readonly [first: number, second: number]>;

/**
 * Trims lead the baseline by 0.4 points in the first pass and fall 1 point behind it in the second;
 * a grow leads by 0.35 points first (less than a trim, and it costs 50 KB) and shows its capacity
 * in the second (+2 points). Seeds: the lower the id, the better after one pass.
 */
const CAPACITY: Leads = {
  keep: [0, 0],
  grow: [0.0035, 0.02],
  'trim-op': [0.004, -0.01],
  'trim-edge': [0.004, -0.01],
  width: [-0.01, -0.01],
};

class CapacityTrainer implements CandidateTrainer {
  readonly parallelism = 2;
  readonly runs: { id: number; round: number; pass: number }[] = [];
  constructor(
    private readonly store: MemoryStore,
    private readonly clock: ManualClock,
  ) {}
  async train(arch: Architecture, how: TrainStart): Promise<CandidateTrainResult> {
    await Promise.resolve();
    const id = Number(arch.name.slice(5));
    const pass = how.pass ?? 0;
    this.runs.push({ id, round: how.round, pass });
    this.clock.t += 5_000;
    const c = this.store.list.find((x) => x.id === id)!;
    // Seed 3 is third after one pass from scratch and first after a second.
    const seed = 0.7 - 0.01 * id + (pass === 1 && id === 3 ? 0.05 : 0);
    const acc =
      c.round === 0 ? seed : 0.7 + 0.01 * c.round + 0.005 * pass + CAPACITY[c.mutation.kind]![pass as 0 | 1];
    return { validationAccuracy: acc, seconds: 5, weights: {} };
  }
}

const cfg = (runoff: number): LoopConfig => ({
  ...LOOP_CONFIG,
  objective: budgetObjective,
  lambda: 0.5,
  k: 40,
  maxCells: 2,
  patience: 1,
  runoff,
});

function setup(runoff: number, store = new MemoryStore()) {
  const clock = new ManualClock();
  const trainer = new CapacityTrainer(store, clock);
  const { deps, events } = fakeDeps(store, trainer, clock);
  return { store, trainer, events, deps, cfg: cfg(runoff) };
}

/** Round 1's picks, its chosen next parent, and its runoff finalists (ids). */
function round1(store: MemoryStore) {
  const r = store.rounds()[1]!;
  const picks = r.picks.map((id) => store.list.find((c) => c.id === id)!);
  const chosen = store.list.find((c) => c.id === r.nextParentId)!;
  const finalists = picks.filter((c) => c.runoffAccuracy !== undefined).map((c) => c.id);
  return { r, picks, chosen, finalists };
}

const firstTrims = (picks: readonly CandidateRecord[], n: number): number[] =>
  picks
    .filter((c) => c.mutation.kind.startsWith('trim'))
    .map((c) => c.id)
    .slice(0, n);

describe('runLoop with a runoff', () => {
  it('without one, the first-pass leader (a trim) is chosen', async () => {
    const { store, deps, cfg } = setup(0);
    await runLoop(deps, cfg);
    const { chosen, finalists } = round1(store);
    expect(chosen.mutation.kind).toMatch(/^trim/);
    expect(finalists).toEqual([]);
    expect(store.rounds()[0]!.nextParentId).toBe(1);
  });

  it('trains the baseline and the two first-pass leaders again and chooses by that pass: the baseline', async () => {
    const { store, trainer, events, deps, cfg } = setup(2);
    await runLoop(deps, cfg);
    const { r, picks, chosen, finalists } = round1(store);
    const baseline = picks.find((c) => c.mutation.kind === 'keep')!;
    expect(finalists.sort()).toEqual([baseline.id, ...firstTrims(picks, 2)].sort());
    expect(
      trainer.runs
        .filter((x) => x.round === 1 && x.pass === 1)
        .map((x) => x.id)
        .sort(),
    ).toEqual(finalists);
    expect(events).toContainEqual({
      kind: 'runoff-start',
      round: 1,
      finalists: [baseline.id, ...firstTrims(picks, 2)],
    });
    // Both trims fell behind in the second pass: the parent trains on, no structure chosen.
    expect([baseline.id, r.parentId]).toContain(chosen.id);
    expect(r.improved).toBe(false);
    // The controller learns the first pass: a trim's stored metric still leads the baseline's.
    expect(picks.find((c) => c.id === firstTrims(picks, 1)[0])!.metric!).toBeGreaterThan(baseline.metric!);
  });

  it('skips a runoff whose passes would end after the deadline: the first pass chooses', async () => {
    const { store, trainer, deps, cfg } = setup(2);
    // Each pass as long as 10,000 first passes of 5 s: more than the search has left.
    await runLoop(deps, { ...cfg, runoffLength: 10_000 });
    expect(trainer.runs.filter((x) => x.pass === 1)).toEqual([]);
    expect(round1(store).chosen.mutation.kind).toMatch(/^trim/);
  });

  it('runs off the three best seeds and takes the best after their second pass', async () => {
    const { store, trainer, deps, cfg } = setup(2);
    await runLoop(deps, cfg);
    const seeds = trainer.runs.filter((x) => x.round === 0 && x.pass === 1).map((x) => x.id);
    expect(seeds.sort()).toEqual([1, 2, 3]);
    expect(store.rounds()[0]!.nextParentId).toBe(3);
    // Its stored metric is its first pass (67%) against the seeds' first-pass mean (67.5%), λ 0.5.
    expect(store.list.find((c) => c.id === 3)!.metric).toBeCloseTo(0.5 * 100 * (0.67 - 0.675), 9);
  });

  it('a grow behind the trims in the first pass wins the runoff when it is a finalist', async () => {
    const { store, deps, cfg } = setup(5);
    await runLoop(deps, cfg);
    const { r, chosen } = round1(store);
    expect(chosen.mutation.kind).toBe('grow');
    expect(chosen.runoffAccuracy).toBeCloseTo(0.7 + 0.01 + 0.005 + 0.02, 9);
    expect(r.improved).toBe(true);
  });

  it('a run killed in the runoff resumes without training a finished pass again', async () => {
    const first = setup(2);
    let dead = false;
    const train = first.trainer.train.bind(first.trainer);
    // Nothing trains once the process is dead (the other lane's pass is lost with it).
    first.trainer.train = async (arch, how) => {
      if (dead) throw new Error('killed');
      return train(arch, how);
    };
    first.deps = {
      ...first.deps,
      onEvent: (e) => {
        // The process dies right after a second pass is stored.
        if (e.kind === 'runoff-done' && !dead) {
          dead = true;
          throw new Error('killed');
        }
      },
    };
    await expect(runLoop(first.deps, first.cfg)).rejects.toThrow('killed');
    const stored = first.store.list.filter((c) => c.runoffAccuracy !== undefined).map((c) => c.id);
    const trained = first.store.list.filter((c) => c.status === 'trained').map((c) => c.id);
    // Two passes were in flight when it died; the third finalist's never started.
    expect(stored).toHaveLength(2);
    const second = setup(2, first.store);
    await runLoop(second.deps, second.cfg);
    expect(second.trainer.runs.filter((x) => x.pass === 0 && trained.includes(x.id))).toEqual([]);
    expect(second.trainer.runs.some((x) => x.pass === 1 && stored.includes(x.id))).toBe(false);
    const whole = setup(2);
    await runLoop(whole.deps, whole.cfg);
    expect(round1(first.store).chosen.id).toBe(round1(whole.store).chosen.id);
    expect(round1(first.store).finalists).toEqual(round1(whole.store).finalists);
  });
});
