import { describe, expect, it } from 'vitest';
import { memnasMetric } from '../../search/metric.ts';

describe('memnasMetric', () => {
  const parent = { accuracy: 0.8, paramBytes: 1000, activationBytes: 2000 };

  it('is zero for the parent itself and follows METHOD.md §4 by hand', () => {
    expect(memnasMetric(parent, parent, 0.5)).toBe(0);
    // A +5% relative, P −10%, R −20%: 0.5·0.05 + 0.5·(0.3·0.1 + 0.7·0.2) = 0.025 + 0.085
    const child = { accuracy: 0.84, paramBytes: 900, activationBytes: 1600 };
    expect(memnasMetric(child, parent, 0.5)).toBeCloseTo(0.11, 12);
    expect(memnasMetric(child, parent, 1)).toBeCloseTo(0.05, 12);
  });

  it('rewards memory savings more as λ falls', () => {
    const smaller = { accuracy: 0.79, paramBytes: 500, activationBytes: 1000 };
    expect(memnasMetric(smaller, parent, 0.8)).toBeLessThan(memnasMetric(smaller, parent, 0.2));
  });
});
