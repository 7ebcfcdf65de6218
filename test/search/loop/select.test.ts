import { describe, expect, it } from 'vitest';
import { memnasMetric } from '../../../search/metric.ts';
import { paperObjective } from '../../../search/objective/paper.ts';
import {
  chooseBest,
  meanReference,
  metricInputs,
  totalMemory,
  withinBudget,
} from '../../../search/loop/select.ts';
import type { CandidateRecord } from '../../../search/loop/types.ts';
import { seedCandidates } from '../../../search/space/grow-trim.ts';

const seed = seedCandidates(4)[0]!;
function record(
  id: number,
  accuracy: number,
  param: number,
  act: number,
  measured: number | null = null,
): CandidateRecord {
  return {
    id,
    key: String(id),
    round: 1,
    parentId: null,
    genotype: seed.genotype,
    mutation: seed.mutation,
    memory: { paramBytes: param, peakActivationBytes: act, totalBytes: param + act, source: 'analytic' },
    controllerScore: null,
    inheritedFrom: null,
    status: 'trained',
    validationAccuracy: accuracy,
    metric: null,
    measuredBytes: measured,
    trainSeconds: 1,
    error: null,
  };
}

describe('select', () => {
  it('uses the measured peak, when there is one, for the budget and the feature-map share', () => {
    const c = record(1, 0.8, 1000, 3000, 10_000);
    expect(totalMemory(c)).toBe(10_000);
    expect(withinBudget(c, 5000)).toBe(false);
    expect(metricInputs(c)).toEqual({ accuracy: 0.8, paramBytes: 1000, activationBytes: 9000 });
    expect(metricInputs(record(2, 0.8, 1000, 3000))).toEqual({
      accuracy: 0.8,
      paramBytes: 1000,
      activationBytes: 3000,
    });
  });

  it('picks the best metric within the budget, never one over it', () => {
    const parent = { accuracy: 0.8, paramBytes: 1000, activationBytes: 3000 };
    const small = record(1, 0.79, 500, 1000);
    const accurate = record(2, 0.9, 1000, 3000);
    const huge = record(3, 0.99, 900, 9000); // over the 5000-byte budget
    const { metrics, best } = chooseBest([small, accurate, huge], parent, paperObjective, {
      lambda: 0.5,
      budgetBytes: 5000,
    });
    expect(metrics.get(1)).toBeCloseTo(memnasMetric(metricInputs(small), parent, 0.5));
    expect(best!.id).toBe(metrics.get(1)! > metrics.get(2)! ? 1 : 2);
    expect(
      chooseBest([huge], parent, paperObjective, { lambda: 0.5, budgetBytes: 5000 }).best,
    ).toBeUndefined();
    // λ = 1: accuracy alone decides (among those within budget).
    expect(
      chooseBest([small, accurate, huge], parent, paperObjective, { lambda: 1, budgetBytes: 5000 }).best!.id,
    ).toBe(2);
  });

  it('compares seed networks with their mean', () => {
    const ref = meanReference([record(1, 0.6, 100, 300), record(2, 0.8, 300, 500)]);
    expect(ref).toEqual({ accuracy: 0.7, paramBytes: 200, activationBytes: 400 });
  });
});
