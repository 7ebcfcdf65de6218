import { describe, expect, it } from 'vitest';
import { formatTick, niceTicks, stepDecimals } from '../../../app/plot/ticks.ts';

const isNiceStep = (step: number): boolean => {
  const m = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return [1, 2, 5].some((x) => Math.abs(m - x) < 1e-9);
};

describe('niceTicks', () => {
  it('gives 1/2/5 steps on rounded bounds for an accuracy range (no 63.7 / 69.4)', () => {
    const t = niceTicks(0.637, 0.894, 7);
    expect(t.step).toBeCloseTo(0.05, 12);
    expect(t.values).toEqual([0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]);
    expect(t.values.map((v) => formatTick(v, t.step, 100))).toEqual([
      '60',
      '65',
      '70',
      '75',
      '80',
      '85',
      '90',
    ]);
    // Six ticks at most: 0.6 … 0.9 by 0.05 would need seven, so the step grows to 0.1.
    expect(niceTicks(0.637, 0.894, 6).values).toEqual([0.6, 0.7, 0.8, 0.9]);
  });

  it('honours maxTicks by taking the next 1/2/5 step', () => {
    expect(niceTicks(0.61, 0.79, 11).step).toBeCloseTo(0.02, 12);
    expect(niceTicks(0.61, 0.79, 10).step).toBeCloseTo(0.05, 12);
    expect(niceTicks(0.61, 0.79, 5).values).toEqual([0.6, 0.65, 0.7, 0.75, 0.8]);
    expect(niceTicks(0.61, 0.79, 4).values).toEqual([0.6, 0.7, 0.8]);
  });

  it('labels a memory axis in round KB', () => {
    const t = niceTicks(0, 315_000);
    expect(t.values).toEqual([0, 100_000, 200_000, 300_000, 400_000]);
    expect(t.values.map((v) => formatTick(v, t.step, 1e-3))).toEqual(['0', '100', '200', '300', '400']);
    const small = niceTicks(0, 240_000, 6);
    expect(small.values).toEqual([0, 50_000, 100_000, 150_000, 200_000, 250_000]);
  });

  it('always covers the data with at most maxTicks nice, evenly spaced ticks', () => {
    for (const [lo, hi, n] of [
      [0.1234, 0.1299, 6],
      [-3.7, 12.2, 5],
      [1, 1e6, 4],
      [0.8815, 0.8816, 6],
      [0, 1, 11],
      [17, 23, 2],
    ] as const) {
      const t = niceTicks(lo, hi, n);
      expect(isNiceStep(t.step), `${lo}..${hi}`).toBe(true);
      expect(t.min).toBeLessThanOrEqual(lo);
      expect(t.max).toBeGreaterThanOrEqual(hi);
      expect(t.values.length).toBeLessThanOrEqual(n);
      expect(t.values.length).toBeGreaterThanOrEqual(2);
      for (const [i, v] of t.values.entries()) expect(v).toBeCloseTo(t.min + i * t.step, 9);
    }
  });

  it('widens an empty range and rejects bad input', () => {
    const t = niceTicks(0.5, 0.5);
    expect(t.min).toBeLessThan(0.5);
    expect(t.max).toBeGreaterThan(0.5);
    expect(niceTicks(0, 0).values).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(() => niceTicks(Number.NaN, 1)).toThrow(RangeError);
    expect(() => niceTicks(0, 1, 1)).toThrow(RangeError);
  });
});

describe('formatTick and stepDecimals', () => {
  it('prints just the decimals the scaled step needs', () => {
    expect(stepDecimals(0.05)).toBe(2);
    expect(stepDecimals(0.1)).toBe(1);
    expect(stepDecimals(5)).toBe(0);
    expect(stepDecimals(20_000)).toBe(0);
    expect(formatTick(0.65, 0.05, 100)).toBe('65');
    expect(formatTick(0.885, 0.005, 100)).toBe('88.5');
    expect(formatTick(2500, 500, 1e-3)).toBe('2.5');
    expect(formatTick(-0.0001, 0.1)).toBe('0.0');
  });
});
