// The --verify rule on hand-made outputs: numpy.allclose's |a − b| ≤ atol + rtol·|b|, the largest
// absolute and relative differences it reports, and NaN or a length mismatch failing.
import { describe, expect, it } from 'vitest';
import { compareOutputs, VERIFY_TOLERANCE } from '../../../app/export/allclose.ts';

const tol = { atol: 1e-4, rtol: 1e-4 };

describe('compareOutputs', () => {
  it('accepts float32 rounding on large logits that an absolute 1e-4 refuses', () => {
    const d = compareOutputs([300.00012, -2.5], [300, -2.5], tol);
    expect(d.maxAbsDiff).toBeGreaterThan(1e-4);
    expect(d.maxRelDiff).toBeCloseTo(1.2e-4 / 300, 9);
    expect(d.allclose).toBe(true);
    expect(d.toleranceUsed).toBeLessThan(0.01);
  });

  it('judges outputs near zero by atol', () => {
    expect(compareOutputs([5e-5], [0], tol)).toMatchObject({ allclose: true, maxRelDiff: 0 });
    expect(compareOutputs([3e-4], [0], tol).allclose).toBe(false);
  });

  it('is relative to the expected value, as numpy is', () => {
    // The same |a − b| = 0.1 is within 1e-4 + 1e-4·1000 but beyond 1e-4 + 1e-4·0.9.
    expect(compareOutputs([1000.1], [1000], tol).allclose).toBe(true);
    expect(compareOutputs([1], [0.9], tol).allclose).toBe(false);
  });

  it('fails on a 1% error in a large logit', () => {
    const d = compareOutputs([303, 1], [300, 1], tol);
    expect(d).toMatchObject({ allclose: false, maxAbsDiff: 3 });
    expect(d.maxRelDiff).toBeCloseTo(0.01, 9);
  });

  it('fails on NaN and on outputs of another length', () => {
    expect(compareOutputs([NaN], [1], tol)).toMatchObject({ allclose: false, maxAbsDiff: NaN });
    expect(compareOutputs([1, 2], [1], tol)).toMatchObject({ allclose: false, maxAbsDiff: Infinity });
  });

  it('passes equal outputs with a zero tolerance', () => {
    expect(compareOutputs([0, 1], [0, 1], { atol: 0, rtol: 0 }).allclose).toBe(true);
  });

  it('uses atol 1e-4 and rtol 1e-4 for --verify', () => {
    expect(VERIFY_TOLERANCE).toEqual(tol);
  });
});
