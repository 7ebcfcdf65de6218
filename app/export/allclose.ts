// The `--verify` check, numpy.allclose's rule: |actual − expected| ≤ atol + rtol·|expected| for
// every output. Float32 rounding grows with the size of the numbers (logits of a few hundred
// differ by ~1e-4 between tfjs and onnxruntime), so a fixed absolute limit refuses correct
// exports with large outputs; rtol scales with the value, atol covers outputs near zero.

export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/**
 * What `memnas export --verify` accepts for float32 weights: atol 1e-4, rtol 1e-4. Correct
 * exports of random search-space networks stay well inside it; a wrong weight, layout or
 * operator is off by orders of magnitude more.
 */
export const VERIFY_TOLERANCE: Tolerance = Object.freeze({ atol: 1e-4, rtol: 1e-4 });

export interface OutputDifference {
  /** max |actual − expected|. */
  readonly maxAbsDiff: number;
  /** max |actual − expected| / |expected| over the outputs that are not 0. */
  readonly maxRelDiff: number;
  /** max |actual − expected| / (atol + rtol·|expected|): at most 1 when allclose holds. */
  readonly toleranceUsed: number;
  /** numpy.allclose: every output within atol + rtol·|expected|. */
  readonly allclose: boolean;
}

/** NaN anywhere fails (and reports NaN); unequal lengths fail with Infinity. */
export function compareOutputs(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
): OutputDifference {
  if (actual.length !== expected.length)
    return { maxAbsDiff: Infinity, maxRelDiff: Infinity, toleranceUsed: Infinity, allclose: false };
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  let toleranceUsed = 0;
  for (let i = 0; i < actual.length; i++) {
    const want = expected[i]!;
    const diff = Math.abs(actual[i]! - want);
    if (Number.isNaN(diff)) return { maxAbsDiff: NaN, maxRelDiff: NaN, toleranceUsed: NaN, allclose: false };
    if (diff === 0) continue;
    maxAbsDiff = Math.max(maxAbsDiff, diff);
    if (want !== 0) maxRelDiff = Math.max(maxRelDiff, diff / Math.abs(want));
    toleranceUsed = Math.max(toleranceUsed, diff / (tolerance.atol + tolerance.rtol * Math.abs(want)));
  }
  return { maxAbsDiff, maxRelDiff, toleranceUsed, allclose: toleranceUsed <= 1 };
}
