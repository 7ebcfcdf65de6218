import { describe, expect, it } from 'vitest';
import { chooseStemStride, chooseWidth, planRun } from '../../../app/search/plan-run.ts';
import type { Architecture } from '../../../search/architecture/types.ts';
import type { Genotype } from '../../../search/space/genotype.ts';
import { analyticMemory } from '../../../search/loop/analytic-oracle.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { growCandidates, seedCandidates } from '../../../search/space/grow-trim.ts';
import { QUICKSTART_PLAN, fashion } from './plan-input.ts';

describe('planRun', () => {
  it('strides the stem on 24 px and larger inputs only', () => {
    expect(chooseStemStride(fashion)).toBe(2);
    expect(chooseStemStride({ shape: [32, 32, 3], classes: 10 })).toBe(2);
    expect(chooseStemStride({ shape: [16, 16, 1], classes: 4 })).toBe(1);
    expect(chooseStemStride({ shape: [64, 20, 1], classes: 4 })).toBe(1);
  });

  it('picks a width at which the median seed can grow once within the budget', () => {
    const analytic = (g: Genotype): number => analyticMemory(buildArchitecture(g, fashion)).totalBytes;
    const medianSeed = (w: number): Genotype => {
      const seeds = seedCandidates(w, w, 2).map((c) => c.genotype);
      return seeds.sort((x, y) => analytic(x) - analytic(y))[Math.floor(seeds.length / 2)]!;
    };
    const w = chooseWidth(fashion, 300_000, 2);
    expect(w).toBe(8);
    const grows = growCandidates(medianSeed(8)).map((c) => analytic(c.genotype));
    expect(grows.filter((b) => b <= 300_000).length).toBeGreaterThan(grows.length / 2);
    const wider = growCandidates(medianSeed(12)).map((c) => analytic(c.genotype));
    expect(wider.filter((b) => b <= 300_000).length).toBeLessThan(wider.length / 2);
    let last = 0;
    for (const budget of [60_000, 150_000, 300_000, 1_000_000, 3_000_000]) {
      const chosen = chooseWidth(fashion, budget, 2);
      expect(chosen).toBeGreaterThanOrEqual(last);
      last = chosen;
    }
  });

  it("plans a device search with the device's figures: a fixed runtime part leaves a narrower width", () => {
    const device = (a: Architecture): number => 1_000_000 + 2.5 * analyticMemory(a).totalBytes;
    const w = chooseWidth(fashion, 1_600_000, 2, device);
    expect(w).toBeLessThan(chooseWidth(fashion, 1_600_000, 2));
    const seeds = seedCandidates(w, w, 2).map((c) => device(buildArchitecture(c.genotype, fashion)));
    expect(Math.min(...seeds)).toBeLessThan(1_600_000);
  });

  it('records the stem stride in the run settings', () => {
    const c = planRun(QUICKSTART_PLAN);
    expect(c.stemStride).toBe(2);
    expect(c.width).toBe(chooseWidth(fashion, 300_000, 2));
  });
});

describe('planRun with the search settings given as flags', () => {
  const base = QUICKSTART_PLAN;
  const none = {
    k: undefined,
    seedSize: undefined,
    proxyImages: undefined,
    patience: undefined,
    maxCells: undefined,
    runoff: undefined,
  };

  it('plans K, seed size and proxy images from the time budget, no patience and 6 cells, when none is given', () => {
    const planned = planRun(base);
    expect(planRun({ ...base, tuning: none })).toEqual(planned);
    expect(planned).toMatchObject({
      patience: null,
      maxCells: 6,
      runoff: 2,
      candidateImages: 4000,
      childImages: 4000,
      runoffImages: 12_000,
    });
    expect(planned.k).toBeGreaterThanOrEqual(2);
    expect(planned.seedSize).toBeGreaterThanOrEqual(2);
  });

  it('takes the settings the user gave, and plans the rest from a given proxy size', () => {
    const c = planRun({ ...base, tuning: { ...none, k: 3, patience: 4, maxCells: 9, runoff: 0 } });
    expect(c).toMatchObject({ k: 3, patience: 4, maxCells: 9, runoff: 0, seedSize: planRun(base).seedSize });
    const slow = planRun({ ...base, tuning: { ...none, proxyImages: 15_000 } });
    expect(slow).toMatchObject({ candidateImages: 15_000, childImages: 15_000, runoffImages: 45_000 });
    // Longer candidates leave room for fewer of them in the same time.
    expect(slow.seedSize).toBeLessThan(planRun(base).seedSize);
    expect(planRun({ ...base, tuning: { ...none, seedSize: 5 } }).seedSize).toBe(5);
  });
});
