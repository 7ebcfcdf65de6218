import { describe, expect, it } from 'vitest';
import { planSearch, searchShare } from '../../../search/loop/plan.ts';

describe('planSearch', () => {
  it('sizes the seed round and K from the time budget, in multiples of the parallel slots', () => {
    const short = planSearch({ timeBudgetSeconds: 240, parallelism: 2, candidateSeconds: 16, seedCount: 28 });
    expect(short.searchSeconds).toBe(240 * searchShare(240));
    expect(searchShare(1800)).toBeGreaterThan(searchShare(240));
    expect(short.seedSize % 2).toBe(0);
    expect(short.seedSize).toBeGreaterThanOrEqual(4);
    expect(short.k).toBeGreaterThanOrEqual(2);
    const long = planSearch({ timeBudgetSeconds: 1800, parallelism: 2, candidateSeconds: 16, seedCount: 28 });
    expect(long.seedSize).toBe(28); // capped by the distinct seeds
    expect(long.k).toBeGreaterThan(short.k);
    expect(long.k).toBeLessThanOrEqual(16);
  });

  it('still trains one candidate per slot when the budget is tiny', () => {
    const p = planSearch({ timeBudgetSeconds: 10, parallelism: 2, candidateSeconds: 60, seedCount: 28 });
    expect(p.seedSize).toBe(2);
    expect(p.k).toBe(2);
  });
});
