// The latency predictor without a calibration's latency fit: a line from a network's
// multiply-accumulates to its measured batch-1 p50, fitted to every measurement so far (the
// probes before the search, then each trained candidate). Like memory's device line, a cluster of
// similar networks fixes the line's height but not its slope: above the cluster the p50 is taken
// to grow in proportion to the MACs, below it with their square root (part of a small network's
// p50 is the runtime's fixed cost per inference).
import type { Architecture } from '../architecture/types.ts';
import { nodeFacts } from '../architecture/shapes.ts';
import type { LatencyPredictor } from './latency-oracle.ts';

export interface LatencyPoint {
  /** Multiply-accumulates per sample (architecture/shapes.ts). */
  readonly macs: number;
  /** Measured batch-1 p50, milliseconds. */
  readonly ms: number;
}

/** Points whose largest MAC count is below this × their smallest fix no slope: a cluster. */
export const LATENCY_MIN_SPREAD = 1.25;

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

export function architectureMacs(arch: Architecture): number {
  return nodeFacts(arch).reduce((s, f) => s + f.macs, 0);
}

/** ms ≈ a + b·macs (a, b ≥ 0) by least squares over spread points; a cluster's ratio line otherwise. Needs ≥ 1 point. */
export function fitLatencyLine(points: readonly LatencyPoint[]): (macs: number) => number {
  const xs = points.map((p) => p.macs);
  const mx = mean(xs);
  const my = mean(points.map((p) => p.ms));
  if (Math.max(...xs) < LATENCY_MIN_SPREAD * Math.min(...xs) || mx <= 0) {
    return (x) => (mx <= 0 ? my : my * (x >= mx ? x / mx : Math.sqrt(x / mx)));
  }
  const sxx = points.reduce((s, p) => s + (p.macs - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.macs - mx) * (p.ms - my), 0);
  const b = Math.max(0, sxy / sxx);
  const a = Math.max(0, my - b * mx);
  // With the intercept clamped at 0 the slope is refitted through the origin.
  const slope = a === 0 && my - b * mx < 0 ? my / mx : b;
  return (x) => a + slope * x;
}

/** The line predictor: null until something was measured, then the line through every measurement. */
export function lineLatencyPredictor(): LatencyPredictor {
  const points: LatencyPoint[] = [];
  let line: ((macs: number) => number) | null = null;
  return {
    name: 'line',
    predict(arch) {
      if (points.length === 0) return null;
      line ??= fitLatencyLine(points);
      return line(architectureMacs(arch));
    },
    observe(arch, ms) {
      if (!(ms > 0)) return;
      points.push({ macs: architectureMacs(arch), ms });
      line = null;
    },
  };
}
