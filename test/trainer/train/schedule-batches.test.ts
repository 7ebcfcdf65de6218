// The learning-rate schedules and the minibatch stream (seeded shuffle, augmentation).

import { describe, expect, it } from 'vitest';
import { BatchStream } from '../../../trainer/train/batches.ts';
import { learningRateAt } from '../../../trainer/train/schedule.ts';
import type { ImageSet } from '../../../trainer/contract.ts';

describe('learningRateAt', () => {
  const base = { learningRate: 1, warmup: 0.1 };
  it('warms up linearly, then follows the schedule', () => {
    expect(learningRateAt(0.05, { ...base, schedule: 'cosine' })).toBeCloseTo(0.5);
    expect(learningRateAt(0.1, { ...base, schedule: 'cosine' })).toBeCloseTo(1);
    expect(learningRateAt(0.55, { ...base, schedule: 'cosine' })).toBeCloseTo(0.5);
    expect(learningRateAt(1, { ...base, schedule: 'cosine' })).toBeCloseTo(0);
    expect(learningRateAt(0.5, { ...base, schedule: 'step' })).toBe(1);
    expect(learningRateAt(0.6, { ...base, schedule: 'step' })).toBeCloseTo(0.1);
    expect(learningRateAt(0.9, { ...base, schedule: 'step' })).toBeCloseTo(0.01);
    expect(learningRateAt(0.9, { ...base, schedule: 'constant' })).toBe(1);
    expect(learningRateAt(0, { learningRate: 1, warmup: 0, schedule: 'cosine' })).toBe(1);
  });
});

/** Images 3×3×1 whose pixels are 1..9 plus 100·index, labels = index. */
function ramp(count: number): ImageSet {
  const images = Float32Array.from({ length: count * 9 }, (_, i) => 100 * Math.floor(i / 9) + (i % 9) + 1);
  return { images, labels: Int32Array.from({ length: count }, (_, i) => i), count, shape: [3, 3, 1] };
}

describe('BatchStream', () => {
  it('visits every sample once per epoch, in a seeded order, across batch boundaries', () => {
    const order = (seed: number): number[] => {
      const stream = new BatchStream(ramp(5), 2, { shift: 0, flip: false }, seed);
      return Array.from({ length: 5 }, () => Array.from(stream.next().labels)).flat();
    };
    const a = order(1);
    expect([...a.slice(0, 5)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...a.slice(5, 10)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(order(1)).toEqual(a);
    expect(order(2)).not.toEqual(a);
  });

  it('shifts with zero padding and flips horizontally', () => {
    const seen = new Set<string>();
    const stream = new BatchStream(ramp(1), 1, { shift: 1, flip: true }, 3);
    for (let i = 0; i < 200; i++) seen.add(Array.from(stream.next().images).join(','));
    expect(seen.has('1,2,3,4,5,6,7,8,9')).toBe(true);
    expect(seen.has('3,2,1,6,5,4,9,8,7')).toBe(true); // flipped
    expect(seen.has('5,6,0,8,9,0,0,0,0')).toBe(true); // moved up-left by one
    expect(seen.size).toBe(18); // 9 shifts × 2 flips
  });
});
