import { describe, expect, it } from 'vitest';
import { judgeSweep, mean, sampleSd, type SweepRow, sweepText } from '../../../bench/lambda-sweep/verdict.ts';

const row = (lambda: number, memoryBytes: number, run: number | null, retrained: number[]): SweepRow => ({
  lambda,
  bestId: Math.round(lambda * 100),
  memoryBytes,
  cellsPerBlock: memoryBytes > 150_000 ? 2 : 1,
  grew: memoryBytes > 150_000,
  runTestAccuracy: run,
  retrained,
});

describe('lambda-sweep verdict', () => {
  it('passes when memory and the mean accuracy trained alike both rise, whatever the runs’ own order', () => {
    const rows = [
      row(0.2, 96_800, 0.899, [0.896, 0.898]),
      row(0.5, 166_900, 0.892, [0.903, 0.905]),
      row(0.8, 252_000, 0.894, [0.91, 0.906]),
    ];
    const v = judgeSweep(rows);
    expect(v).toMatchObject({
      memoryIncreasing: true,
      accuracyIncreasing: true,
      runAccuracyIncreasing: false,
    });
    expect(v.pass).toBe(true);
    const text = sweepText(rows, v, '8 epochs alike');
    expect(text).toContain('PASS');
    expect(text).toContain('89.70% ± 0.14');
    expect(text).toContain("with the runs' own final training the accuracy does not rise with λ");
  });

  it('fails on a tie or a fall, in memory or in accuracy, and says which', () => {
    const acc = judgeSweep([row(0.2, 96_800, 0.9, [0.9]), row(0.8, 200_000, 0.91, [0.9])]);
    expect(acc.pass).toBe(false);
    expect(acc.failures).toEqual(['the winners’ accuracy trained alike does not rise with λ']);
    expect(acc.runAccuracyIncreasing).toBe(true);
    const mem = judgeSweep([row(0.2, 200_000, null, [0.89]), row(0.8, 150_000, null, [0.9])]);
    expect(mem.failures).toEqual(['the winners’ memory does not rise with λ']);
    expect(mem.runAccuracyIncreasing).toBe(false);
    expect(judgeSweep([row(0.5, 1, 0.9, [0.9])]).failures).toContain('a sweep needs two or more λ');
    expect(judgeSweep([row(0.2, 1, 0.9, []), row(0.5, 2, 0.9, [])]).accuracyIncreasing).toBe(false);
  });

  it('averages and spreads seeds with the sample standard deviation', () => {
    expect(mean([0.9, 0.92])).toBeCloseTo(0.91, 12);
    expect(sampleSd([0.9, 0.92])).toBeCloseTo(Math.SQRT2 / 100, 12);
    expect(sampleSd([0.9])).toBe(0);
  });
});
