import { describe, expect, it } from 'vitest';
import {
  BLOCK_ESTIMATOR,
  blockSizes,
  medianOfBlockMinimums,
} from '../../../profiler-agent/measure/latency-estimator.ts';
import { percentile } from '../../../profiler-agent/measure/stats.ts';
import { mulberry32 as random } from '../../../profiler-agent/runtime/random-input.ts';

describe('blockSizes', () => {
  it('cuts the runs into equal consecutive blocks, the larger ones first', () => {
    expect(blockSizes(50)).toEqual([10, 10, 10, 10, 10]);
    expect(blockSizes(52)).toEqual([11, 11, 10, 10, 10]);
    expect(blockSizes(200, 4)).toEqual([50, 50, 50, 50]);
  });

  it('gives one block per run when there are fewer runs than blocks', () => {
    expect(blockSizes(3)).toEqual([1, 1, 1]);
    expect(blockSizes(1)).toEqual([1]);
  });

  it('refuses no runs and no blocks', () => {
    expect(() => blockSizes(0)).toThrow(RangeError);
    expect(() => blockSizes(10, 0)).toThrow(RangeError);
  });
});

describe('medianOfBlockMinimums', () => {
  it('takes each block’s fastest run and their median', () => {
    // Blocks of 2: minimums 1, 3, 2, 5, 4 → median 3.
    const e = medianOfBlockMinimums([1, 9, 3, 8, 7, 2, 5, 6, 4, 9]);
    expect(e.sizes).toEqual([2, 2, 2, 2, 2]);
    expect(e.minimaMs).toEqual([1, 3, 2, 5, 4]);
    expect(e.value).toBe(3);
    expect(BLOCK_ESTIMATOR).toBe('median-of-block-minimums');
  });

  it('is the plain median when every block holds one run', () => {
    expect(medianOfBlockMinimums([4, 1, 3]).value).toBe(3);
    expect(medianOfBlockMinimums([4, 1, 3, 2]).value).toBe(2.5);
  });

  it('ignores slow runs scattered through every block (preemption)', () => {
    const next = random(1);
    // 0.5 ms runs, each slowed 2–10× with probability 0.4: the median of the runs moves with
    // how many were hit; each block of 10 still holds an untouched run.
    const runs = Array.from({ length: 50 }, (_, i) =>
      i % 10 !== 3 && next() < 0.4 ? 0.5 * (2 + 8 * next()) : 0.5 + 0.001 * next(),
    );
    expect(medianOfBlockMinimums(runs).value).toBeCloseTo(0.5, 2);
  });

  it('ignores a stretch of slow blocks, where the runs’ median does not', () => {
    // 50 runs at 1 ms with runs 10–34 (half of them, two and a half blocks) at 3 ms, as when
    // another process held the core for a stretch of the measurement. The runs' median lands
    // between the two; this estimator stays at the undisturbed runs.
    const runs = Array.from({ length: 50 }, (_, i) => (i >= 10 && i < 35 ? 3 : 1) + (i % 7) * 0.001);
    const plain = percentile(runs, 50);
    const robust = medianOfBlockMinimums(runs).value;
    expect(robust).toBeCloseTo(1, 2);
    expect(plain).toBeGreaterThan(1.5);
  });

  it('never exceeds the runs’ p90 (results keep p50 ≤ p90)', () => {
    const next = random(7);
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(next() * 120);
      const runs = Array.from({ length: n }, () => next() * (next() < 0.2 ? 20 : 1));
      expect(medianOfBlockMinimums(runs).value).toBeLessThanOrEqual(percentile(runs, 90));
    }
  });
});
