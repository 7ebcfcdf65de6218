// The Pareto front of trained models by accuracy (higher is better) and total memory (lower is
// better): the models no other model beats on both.

export interface ParetoPoint {
  readonly accuracy: number;
  readonly totalBytes: number;
}

/** True when `a` is at least as good as `b` on both axes and better on one. */
export function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  return (
    a.accuracy >= b.accuracy &&
    a.totalBytes <= b.totalBytes &&
    (a.accuracy > b.accuracy || a.totalBytes < b.totalBytes)
  );
}

/** The non-dominated points, smallest memory first. Exact ties are all kept. */
export function paretoFront<T extends ParetoPoint>(points: readonly T[]): T[] {
  return points
    .filter((p) => !points.some((q) => dominates(q, p)))
    .sort((a, b) => a.totalBytes - b.totalBytes || b.accuracy - a.accuracy);
}
