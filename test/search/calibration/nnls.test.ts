import { describe, expect, it } from 'vitest';
import { nnls } from '../../../search/calibration/nnls.ts';

describe('non-negative least squares', () => {
  it('recovers non-negative coefficients exactly from consistent data', () => {
    const rows = [
      [1, 2, 0],
      [1, 0, 3],
      [1, 5, 1],
      [1, 1, 1],
      [1, 7, 2],
    ];
    const truth = [3, 0.5, 2];
    const y = rows.map((r) => r.reduce((s, v, i) => s + v * truth[i]!, 0));
    nnls(rows, y).forEach((x, i) => expect(x).toBeCloseTo(truth[i]!, 6));
  });

  it('clamps at zero where the unconstrained answer is negative', () => {
    // y = 2·a − 1·b: the best non-negative fit drops b and never goes below zero.
    const rows = [
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 1],
    ];
    const y = rows.map(([a, b]) => 2 * a! - b!);
    const x = nnls(rows, y);
    expect(x[1]).toBe(0);
    expect(x[0]).toBeGreaterThan(0);
  });

  it('weights rows: a heavily weighted row is fitted almost exactly', () => {
    const rows = [[1], [1]];
    const x = nnls(rows, [10, 20], [100, 1]);
    expect(x[0]).toBeCloseTo(10, 1);
  });

  it('copes with columns of very different scales and with collinear columns', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [1, 1e6 * (i + 1), 2e6 * (i + 1)]);
    const y = rows.map((r) => 5e5 + 3 * r[1]!);
    const x = nnls(rows, y);
    x.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    rows.forEach((r, k) => expect(r.reduce((s, v, i) => s + v * x[i]!, 0)).toBeCloseTo(y[k]!, -2));
  });
});
