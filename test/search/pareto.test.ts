import { describe, expect, it } from 'vitest';
import { dominates, paretoFront } from '../../search/pareto.ts';

describe('paretoFront', () => {
  it('keeps exactly the non-dominated models, smallest first', () => {
    const pts = [
      { id: 'a', accuracy: 0.9, totalBytes: 500 },
      { id: 'b', accuracy: 0.85, totalBytes: 200 },
      { id: 'c', accuracy: 0.84, totalBytes: 300 }, // dominated by b
      { id: 'd', accuracy: 0.91, totalBytes: 900 },
      { id: 'e', accuracy: 0.9, totalBytes: 600 }, // dominated by a
    ];
    expect(paretoFront(pts).map((p) => p.id)).toEqual(['b', 'a', 'd']);
    expect(dominates(pts[0]!, pts[4]!)).toBe(true);
    expect(dominates(pts[0]!, pts[0]!)).toBe(false);
  });
});
