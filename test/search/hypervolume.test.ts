import { describe, expect, it } from 'vitest';
import { bestWithinBudget, hypervolume } from '../../search/hypervolume.ts';

describe('hypervolume', () => {
  it('is accuracy × memory saved for one point', () => {
    expect(hypervolume([{ accuracy: 0.8, totalBytes: 100 }], 300)).toBeCloseTo(0.8 * 200, 12);
  });

  it('is the union of the dominated rectangles (hand-computed staircase)', () => {
    // Saved 250 at 0.6, 150 at 0.8, 50 at 0.9: 0.9·50 + 0.8·100 + 0.6·100 = 185.
    const front = [
      { accuracy: 0.9, totalBytes: 250 },
      { accuracy: 0.6, totalBytes: 50 },
      { accuracy: 0.8, totalBytes: 150 },
    ];
    expect(hypervolume(front, 300)).toBeCloseTo(185, 10);
    expect(hypervolume([...front].reverse(), 300)).toBeCloseTo(185, 10);
  });

  it('gains nothing from dominated points, duplicates, or points at or over the budget', () => {
    const front = [
      { accuracy: 0.6, totalBytes: 50 },
      { accuracy: 0.8, totalBytes: 150 },
    ];
    const base = hypervolume(front, 300);
    expect(base).toBeCloseTo(0.6 * 250 + 0.2 * 150, 10);
    expect(
      hypervolume(
        [
          ...front,
          { accuracy: 0.5, totalBytes: 100 },
          { accuracy: 0.8, totalBytes: 150 },
          { accuracy: 0.99, totalBytes: 300 },
          { accuracy: 1, totalBytes: 400 },
        ],
        300,
      ),
    ).toBeCloseTo(base, 10);
    expect(hypervolume([], 300)).toBe(0);
  });

  it('grows when a point is added beyond the front', () => {
    const front = [{ accuracy: 0.8, totalBytes: 150 }];
    expect(hypervolume([...front, { accuracy: 0.85, totalBytes: 200 }], 300)).toBeGreaterThan(
      hypervolume(front, 300),
    );
    // Normalised by the budget it stays within [0, 1]: the whole box is accuracy 1 at 0 bytes.
    expect(hypervolume([{ accuracy: 1, totalBytes: 0 }], 300) / 300).toBe(1);
  });

  it('rejects a bad budget or accuracy', () => {
    expect(() => hypervolume([], 0)).toThrow(/positive number of bytes/);
    expect(() => hypervolume([{ accuracy: 87, totalBytes: 1 }], 300)).toThrow(/not in \[0, 1\]/);
    expect(() => hypervolume([{ accuracy: Number.NaN, totalBytes: 1 }], 300)).toThrow(/not in \[0, 1\]/);
    expect(() => hypervolume([{ accuracy: 0.5, totalBytes: -1 }], 300)).toThrow(/not a byte count/);
  });
});

describe('bestWithinBudget', () => {
  const models = [
    { id: 1, accuracy: 0.9, totalBytes: 310 },
    { id: 2, accuracy: 0.85, totalBytes: 300 },
    { id: 3, accuracy: 0.85, totalBytes: 200 },
    { id: 4, accuracy: null, totalBytes: 10 },
    { id: 5, accuracy: 0.7, totalBytes: 50 },
  ];

  it('takes the most accurate model at or under the budget, the smaller one on a tie', () => {
    expect(bestWithinBudget(models, 300)?.id).toBe(3);
    expect(bestWithinBudget(models, 320)?.id).toBe(1);
    expect(bestWithinBudget(models, 199)?.id).toBe(5);
  });

  it('is null when nothing with an accuracy fits', () => {
    expect(bestWithinBudget(models, 20)).toBeNull();
    expect(bestWithinBudget([], 300)).toBeNull();
  });
});
