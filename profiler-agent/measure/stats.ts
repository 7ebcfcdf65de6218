// The statistics of a measurement: percentiles, mean, standard deviation, and the least-squares
// line that splits peak memory into a fixed part and a per-sample part (latency-summary.ts
// builds a result's latency figures from them).
import type { MemoryFit } from '../protocol.ts';

/**
 * The q-th percentile (0–100) by linear interpolation between closest ranks (numpy's default,
 * Hyndman–Fan type 7). With 50 runs p99 lies between the two slowest runs.
 */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of no values');
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (divides by n − 1); 0 for a single value. */
export function std(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Ordinary least squares of y = fixed + perSample·x. Needs at least two distinct x; returns null
 * otherwise (a single batch size cannot separate the runtime's overhead from activations).
 */
export function fitLine(points: readonly { x: number; y: number }[]): MemoryFit | null {
  const xs = points.map((p) => p.x);
  if (new Set(xs).size < 2) return null;
  const ys = points.map((p) => p.y);
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  const perSampleBytes = sxy / sxx;
  const fixedBytes = my - perSampleBytes * mx;
  const residuals = points.map((p) => p.y - (fixedBytes + perSampleBytes * p.x));
  const ssRes = residuals.reduce((a, r) => a + r * r, 0);
  const ssTot = ys.reduce((a, y) => a + (y - my) ** 2, 0);
  return {
    fixedBytes,
    perSampleBytes,
    r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot,
    maxResidualBytes: Math.max(...residuals.map(Math.abs)),
  };
}
