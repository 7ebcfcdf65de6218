import { describe, expect, it } from 'vitest';
import { fitLine, mean, percentile, std } from '../../../profiler-agent/measure/stats.ts';

describe('percentile (linear interpolation, numpy default)', () => {
  const values = [15, 20, 35, 40, 50];

  it('matches numpy.percentile on known numbers', () => {
    expect(percentile(values, 0)).toBe(15);
    expect(percentile(values, 40)).toBeCloseTo(29); // rank 1.6 → 20 + 0.6·15
    expect(percentile(values, 50)).toBe(35);
    expect(percentile(values, 90)).toBeCloseTo(46); // rank 3.6 → 40 + 0.6·10
    expect(percentile(values, 100)).toBe(50);
  });

  it('does not depend on input order and handles one value', () => {
    expect(percentile([50, 15, 40, 20, 35], 90)).toBeCloseTo(46);
    expect(percentile([7], 99)).toBe(7);
  });

  it('p99 of 1..100 lies between the two largest', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 99)).toBeCloseTo(99.01);
    expect(percentile(xs, 50)).toBeCloseTo(50.5);
  });

  it('refuses an empty list', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
  });
});

describe('mean and sample standard deviation', () => {
  it('uses n − 1', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(std(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(std([3])).toBe(0);
  });
});

describe('fitLine (least squares fixed + perSample·batch)', () => {
  it('recovers an exact line', () => {
    const f = fitLine([1, 8, 32].map((x) => ({ x, y: 1000 + 250 * x })))!;
    expect(f.fixedBytes).toBeCloseTo(1000, 6);
    expect(f.perSampleBytes).toBeCloseTo(250, 6);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.maxResidualBytes).toBeLessThan(1e-6);
  });

  it('matches a hand-computed fit with residuals', () => {
    // x = 1, 2, 3; y = 1, 2, 2 → slope 0.5, intercept 2/3, residuals ±1/6 and −1/3, r² = 0.75.
    const f = fitLine([
      { x: 1, y: 1 },
      { x: 2, y: 2 },
      { x: 3, y: 2 },
    ])!;
    expect(f.perSampleBytes).toBeCloseTo(0.5, 12);
    expect(f.fixedBytes).toBeCloseTo(2 / 3, 12);
    expect(f.r2).toBeCloseTo(0.75, 12);
    expect(f.maxResidualBytes).toBeCloseTo(1 / 3, 12);
  });

  it('needs two distinct batch sizes', () => {
    expect(fitLine([{ x: 1, y: 5 }])).toBeNull();
    expect(
      fitLine([
        { x: 4, y: 5 },
        { x: 4, y: 6 },
      ]),
    ).toBeNull();
  });
});
