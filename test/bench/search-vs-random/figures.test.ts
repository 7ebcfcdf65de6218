import { describe, expect, it } from 'vitest';
import {
  bestModelWithinBudget,
  memoryOf,
  runFigures,
  type SummaryLike,
} from '../../../bench/search-vs-random/figures.ts';

const model = (id: number, testAccuracy: number | null, totalBytes: number, measured?: number) => ({
  id,
  testAccuracy,
  totalBytes,
  ...(measured === undefined ? {} : { measured: { peakMemoryBytes: measured } }),
});

describe('runFigures', () => {
  it('takes the best test accuracy within the budget over best and pareto[], and the front hypervolume', () => {
    const s: SummaryLike = {
      candidatesTrained: 40,
      best: model(7, 0.86, 150_000),
      pareto: [
        model(3, 0.8, 50_000),
        model(7, 0.86, 150_000),
        model(9, 0.9, 320_000),
        model(4, null, 20_000),
      ],
    };
    const f = runFigures(s, 300_000);
    expect(f.bestTestAccuracy).toBe(0.86);
    expect(f.bestId).toBe(7);
    expect(f.candidatesTrained).toBe(40);
    // Saved 250 KB at 0.80, then 150 KB at 0.86: (0.86·150k + 0.80·100k) / 300k.
    expect(f.hypervolume).toBeCloseTo((0.86 * 150_000 + 0.8 * 100_000) / 300_000, 12);
  });

  it('holds a model to its measured peak when the device measured one', () => {
    expect(memoryOf(model(1, 0.5, 100, 400))).toBe(400);
    expect(memoryOf(model(1, 0.5, 100))).toBe(100);
    const s: SummaryLike = {
      candidatesTrained: 2,
      best: model(1, 0.9, 100_000, 310_000),
      pareto: [model(1, 0.9, 100_000, 310_000), model(2, 0.7, 200_000)],
    };
    const f = runFigures(s, 300_000);
    expect(f.bestId).toBe(2);
    expect(f.hypervolume).toBeCloseTo((0.7 * 100_000) / 300_000, 12);
  });

  it('has no best and zero hypervolume when nothing fits', () => {
    const f = runFigures(
      { candidatesTrained: 1, best: model(1, 0.9, 400_000), pareto: [model(1, 0.9, 400_000)] },
      300_000,
    );
    expect(f.bestTestAccuracy).toBeNull();
    expect(f.bestId).toBeNull();
    expect(f.hypervolume).toBe(0);
  });
});

describe('bestModelWithinBudget', () => {
  it('takes the most accurate tested model within the budget, not the objective’s choice', () => {
    const s = {
      best: model(93, 0.9089, 206_856),
      pareto: [model(27, 0.59, 31_304), model(93, 0.9089, 206_856), model(103, 0.9104, 295_336)],
    };
    expect(bestModelWithinBudget(s, 300_000)?.id).toBe(103);
    // Over a tighter budget the 295 KB model no longer fits.
    expect(bestModelWithinBudget(s, 250_000)?.id).toBe(93);
  });

  it('is null when no tested model fits', () => {
    const s = { best: model(1, 0.9, 400_000), pareto: [model(2, null, 10_000)] };
    expect(bestModelWithinBudget(s, 300_000)).toBeNull();
  });
});
