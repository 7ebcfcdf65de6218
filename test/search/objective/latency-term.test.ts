// The latency term of both objectives and the latency budget as a hard limit: the worked example
// of docs/objective.md, identity without a latency budget, the weight moving the choice, and a
// candidate over the latency budget never chosen however it scores.
import { describe, expect, it } from 'vitest';
import { chooseBest } from '../../../search/loop/select.ts';
import type { CandidateRecord } from '../../../search/loop/types.ts';
import { budgetObjective } from '../../../search/objective/budget.ts';
import { paperObjective } from '../../../search/objective/paper.ts';
import type { ObjectiveContext } from '../../../search/objective/types.ts';
import { seedCandidates } from '../../../search/space/grow-trim.ts';

const net = (accuracy: number, kb: number, latencyMs?: number) => ({
  accuracy,
  paramBytes: kb * 600,
  activationBytes: kb * 400,
  ...(latencyMs === undefined ? {} : { latencyMs }),
});
const plain: ObjectiveContext = { lambda: 0.5, budgetBytes: 300_000 };
const timed = (weight: number, budgetMs = 2): ObjectiveContext => ({
  ...plain,
  latency: { budgetMs, weight },
});

describe('latency term', () => {
  it('changes nothing without a latency budget, even when the networks carry latencies', () => {
    for (const o of [budgetObjective, paperObjective]) {
      const a = o.score(net(0.845, 190, 1.8), net(0.84, 120, 0.9), plain);
      const b = o.score(net(0.845, 190), net(0.84, 120), plain);
      expect(a).toBe(b);
    }
  });

  it('gives the worked example of docs/objective.md (λ 0.5, B 300 KB, Bₗ 2 ms, w 1)', () => {
    // The grow that won on memory alone (+0.02) also doubles the p50 from 0.8 to 1.6 ms.
    const parent = net(0.84, 120, 0.8);
    const grow = net(0.845, 190, 1.6);
    const score = budgetObjective.score(grow, parent, timed(1));
    expect(score).toBeCloseTo(0.25 - 0.5 * 2 * (70 / 300) - 0.5 * 2 * (0.8 / 2), 9);
    expect(score).toBeCloseTo(-0.383, 3);
    // With w 0.05 the extra 0.8 ms costs 0.02 points: more than the grow's +0.017, so it still loses.
    expect(budgetObjective.score(grow, parent, timed(0.05))).toBeCloseTo(
      0.25 - 0.5 * 2 * (70 / 300) - 0.02,
      9,
    );
    expect(budgetObjective.score(grow, parent, timed(0.04))).toBeGreaterThan(0);
  });

  it('a higher weight moves the choice to the faster network, under both objectives', () => {
    const parent = net(0.84, 100, 1.0);
    const accurate = net(0.86, 110, 1.8);
    const fast = net(0.845, 110, 0.6);
    for (const o of [budgetObjective, paperObjective]) {
      const pick = (w: number) =>
        o.score(accurate, parent, timed(w)) > o.score(fast, parent, timed(w)) ? 'accurate' : 'fast';
      expect(pick(0)).toBe('accurate');
      expect(pick(5)).toBe('fast');
    }
  });
});

const seed = seedCandidates(4)[0]!;
function trained(
  id: number,
  accuracy: number,
  latencyMs: number,
  source: 'measured' | 'predicted' = 'measured',
): CandidateRecord {
  return {
    id,
    key: String(id),
    round: 0,
    parentId: null,
    genotype: seed.genotype,
    mutation: seed.mutation,
    memory: { paramBytes: 30_000, peakActivationBytes: 70_000, totalBytes: 100_000, source: 'analytic' },
    inheritedFrom: null,
    controllerScore: null,
    status: 'trained',
    validationAccuracy: accuracy,
    metric: null,
    measuredBytes: null,
    trainSeconds: 1,
    error: null,
    latency: { ms: latencyMs, source },
  };
}

describe('latency budget', () => {
  it('a candidate over the latency budget is never chosen, however it scores', () => {
    const reference = net(0.8, 100, 1);
    const slow = trained(1, 0.95, 2.5);
    const ok = trained(2, 0.85, 1.9);
    const { metrics, best } = chooseBest([slow, ok], reference, budgetObjective, timed(0.01));
    expect(metrics.get(1)!).toBeGreaterThan(metrics.get(2)!);
    expect(best?.id).toBe(2);
    // Without a latency budget the same candidates choose the more accurate one.
    expect(chooseBest([slow, ok], reference, budgetObjective, plain).best?.id).toBe(1);
    // Nothing within the budget: nothing chosen.
    expect(chooseBest([slow], reference, budgetObjective, timed(1)).best).toBeUndefined();
  });
});
