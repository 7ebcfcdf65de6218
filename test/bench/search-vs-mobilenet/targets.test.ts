import { describe, expect, it } from 'vitest';
import { targetsOf, type ComparedModel } from '../../../bench/search-vs-mobilenet/targets.ts';

const model = (id: number, testAccuracy: number | null, totalBytes: number, cells = 1, grew = false) =>
  ({
    id,
    testAccuracy,
    totalBytes,
    architecture: `candidates/${id}.json`,
    cellsPerBlock: cells,
    grew,
  }) as ComparedModel;

describe('targetsOf', () => {
  it('holds the model to its measured peak when a device measured one', () => {
    const measured = { ...model(1, 0.91, 250_000, 2, true), measured: { peakMemoryBytes: 310_000 } };
    expect(targetsOf(measured, 0.91, 300_000).withinBudget).toBe(false);
  });

  it('judges the from-scratch accuracy, the budget, the cells and the grow', () => {
    expect(targetsOf(model(1, 0.91, 295_336, 3, true), 0.905, 300_000)).toEqual({
      fromScratchAtLeast905: true,
      withinBudget: true,
      cellsPerBlockAtLeast2: true,
      grew: true,
    });
    expect(targetsOf(model(1, 0.91, 310_000, 1, false), 0.9049, 300_000)).toEqual({
      fromScratchAtLeast905: false,
      withinBudget: false,
      cellsPerBlockAtLeast2: false,
      grew: false,
    });
  });
});
