import { describe, expect, it } from 'vitest';
import {
  kendallTau,
  ndcgAtK,
  precisionAtK,
  rankIndices,
  topK,
} from '../../../search/controller/ranking-quality.ts';

describe('kendallTau (tau-b)', () => {
  it('is 1 for the same order and −1 for the reverse', () => {
    expect(kendallTau([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTau([4, 3, 2, 1], [10, 20, 30, 40])).toBe(-1);
  });

  it('counts concordant and discordant pairs (hand-computed: 4 C, 2 D of 6 → 1/3)', () => {
    expect(kendallTau([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(1 / 3, 12);
  });

  it('handles ties in both lists (hand-computed: C=4, D=0, one tie each → 4/√(5·5) = 0.8)', () => {
    expect(kendallTau([1, 2, 2, 3], [1, 2, 3, 3])).toBeCloseTo(0.8, 12);
  });

  it('is NaN when a list is constant or too short, and rejects mismatched lengths', () => {
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(kendallTau([1], [1])).toBeNaN();
    expect(() => kendallTau([1, 2], [1])).toThrow(/2 predictions for 1 true values/);
  });
});

describe('top K by score', () => {
  it('orders highest first and breaks ties by position', () => {
    expect(rankIndices([0.5, 0.9, 0.5, 0.1])).toEqual([1, 0, 2, 3]);
    expect(topK([0.5, 0.9, 0.5, 0.1], 2)).toEqual([1, 0]);
    expect(topK([1, 2], 5)).toEqual([1, 0]);
  });
});

describe('ndcgAtK', () => {
  // truth [3, 1, 2, 0] (gains = truth − min = same); predicted order 1, 2, 3, 0.
  const truth = [3, 1, 2, 0];
  const predicted = [0.1, 0.9, 0.5, 0.2];

  it('matches a hand computation: (1/log₂2 + 2/log₂3) / (3/log₂2 + 2/log₂3)', () => {
    const expected = (1 + 2 / Math.log2(3)) / (3 + 2 / Math.log2(3));
    expect(ndcgAtK(predicted, truth, 2)).toBeCloseTo(expected, 12);
    expect(ndcgAtK(predicted, truth, 2)).toBeCloseTo(0.53072, 5);
  });

  it('is 1 for the ideal order, also with negative metrics, and 1 when every item is equal', () => {
    expect(ndcgAtK([4, 3, 2, 1], [-0.1, -0.2, -0.3, -0.4], 3)).toBe(1);
    expect(ndcgAtK([1, 2, 3], [5, 5, 5], 2)).toBe(1);
  });

  it('is 0 when the top K picks are the worst items', () => {
    expect(ndcgAtK([9, 0, 0, 0], [0, 1, 2, 3], 1)).toBe(0);
  });
});

describe('precisionAtK', () => {
  it('is the share of predicted top K in the true top K', () => {
    expect(precisionAtK([0.1, 0.9, 0.5, 0.2], [3, 1, 2, 0], 2)).toBe(0.5);
    expect(precisionAtK([3, 2, 1, 0], [3, 2, 1, 0], 2)).toBe(1);
  });

  it('counts items tied with the K-th best true value as top K', () => {
    // True top 2 threshold is 5, so item 2 (truth 5) is a hit and item 3 (truth 1) is not.
    expect(precisionAtK([0, 1, 2, 3], [5, 5, 5, 1], 2)).toBe(0.5);
  });
});
