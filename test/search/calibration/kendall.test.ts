import { describe, expect, it } from 'vitest';
import { kendallTau } from '../../../search/calibration/kendall.ts';

describe('kendallTau', () => {
  it('is 1 for the same order, −1 for the reverse, and counts discordant pairs in between', () => {
    expect(kendallTau([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTau([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    // One swapped pair of six: (5 − 1) / 6.
    expect(kendallTau([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(4 / 6, 12);
  });

  it('is 0 for a constant series or fewer than two values', () => {
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBe(0);
    expect(kendallTau([1], [2])).toBe(0);
  });
});
