// The Pareto front of trained models by accuracy (higher is better), total memory (lower is
// better) and, when the points carry it, latency (lower is better): the models no other model
// beats on every axis. Points without latency are compared on accuracy and memory alone, exactly
// as before latency existed.

export interface ParetoPoint {
  readonly accuracy: number;
  readonly totalBytes: number;
  /** Batch-1 p50 on the device, milliseconds; compared only when both points carry one. */
  readonly latencyMs?: number;
}

/** True when `a` is at least as good as `b` on every shared axis and better on one. */
export function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  const timed = a.latencyMs !== undefined && b.latencyMs !== undefined;
  const noSlower = !timed || a.latencyMs! <= b.latencyMs!;
  const faster = timed && a.latencyMs! < b.latencyMs!;
  return (
    a.accuracy >= b.accuracy &&
    a.totalBytes <= b.totalBytes &&
    noSlower &&
    (a.accuracy > b.accuracy || a.totalBytes < b.totalBytes || faster)
  );
}

/** The non-dominated points, smallest memory first. Exact ties are all kept. */
export function paretoFront<T extends ParetoPoint>(points: readonly T[]): T[] {
  return points
    .filter((p) => !points.some((q) => dominates(q, p)))
    .sort((a, b) => a.totalBytes - b.totalBytes || b.accuracy - a.accuracy);
}
