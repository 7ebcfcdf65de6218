import { describe, expect, it } from 'vitest';
import { chooseStemStride, chooseWidth, planRun } from '../../../cli/search/plan-run.ts';
import { analyticMemory } from '../../../search/loop/analytic-oracle.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { seedCandidates } from '../../../search/space/grow-trim.ts';

const fashion = { shape: [28, 28, 1], classes: 10 } as const;

describe('planRun', () => {
  it('strides the stem on 24 px and larger inputs only', () => {
    expect(chooseStemStride(fashion)).toBe(2);
    expect(chooseStemStride({ shape: [32, 32, 3], classes: 10 })).toBe(2);
    expect(chooseStemStride({ shape: [16, 16, 1], classes: 4 })).toBe(1);
    expect(chooseStemStride({ shape: [64, 20, 1], classes: 4 })).toBe(1);
  });

  it('picks the widest width whose median seed uses at most half the budget', () => {
    for (const budget of [60_000, 150_000, 300_000, 1_000_000]) {
      const w = chooseWidth(fashion, budget, 2);
      const median = (width: number): number => {
        const totals = seedCandidates(width, width, 2)
          .map((c) => analyticMemory(buildArchitecture(c.genotype, fashion)).totalBytes)
          .sort((a, b) => a - b);
        return totals[Math.floor(totals.length / 2)]!;
      };
      if (w > 4) expect(median(w)).toBeLessThanOrEqual(budget / 2);
      const wider = [4, 6, 8, 12, 16, 24, 32].find((x) => x > w);
      if (wider !== undefined) expect(median(wider)).toBeGreaterThan(budget / 2);
    }
  });

  it('records the stem stride in the run settings', () => {
    const c = planRun({
      dataset: 'fashion-mnist',
      space: fashion,
      memoryBudgetBytes: 300_000,
      lambda: 0.5,
      device: null,
      seed: 0,
      timeBudgetSeconds: 240,
      parallelism: 2,
    });
    expect(c.stemStride).toBe(2);
    expect(c.width).toBe(chooseWidth(fashion, 300_000, 2));
  });
});
