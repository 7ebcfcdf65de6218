// The latency accuracy of (predicted, measured) pairs: shares within ±5%/±10% and the rank
// agreement a search ordering candidates by predicted latency needs.
import { describe, expect, it } from 'vitest';
import { pairAccuracy } from '../../../search/calibration/held-out.ts';

const pairs = (predicted: number[], measured: number[]) =>
  predicted.map((p, i) => ({ predicted: p, measured: measured[i]! }));

describe('pairAccuracy', () => {
  it('counts the shares within ±5% and ±10% and ranks by Kendall tau', () => {
    const a = pairAccuracy(pairs([1, 2.05, 2.9, 4.5], [1, 2, 3, 4]));
    expect(a.count).toBe(4);
    expect(a.within5).toBe(0.75);
    expect(a.within10).toBe(0.75);
    expect(a.kendallTau).toBe(1);
    // One swapped pair of six: (5 − 1) / 6.
    expect(pairAccuracy(pairs([1, 3, 2, 4], [1, 2, 3, 4])).kendallTau).toBeCloseTo(4 / 6, 12);
  });

  it('gives tau 0 where there is no order to compare', () => {
    expect(pairAccuracy(pairs([1, 1, 1], [1, 2, 3])).kendallTau).toBe(0);
    expect(pairAccuracy(pairs([2], [2])).kendallTau).toBe(0);
  });
});
