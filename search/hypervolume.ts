// Front quality for comparing searches (e.g. against random search): the 2-D hypervolume of a
// set of models in (accuracy, memory saved under the budget) space, and the most accurate model
// within the budget. Pure.
import { MemnasError } from './errors.ts';

export interface BudgetPoint {
  /** In [0, 1]. */
  readonly accuracy: number;
  readonly totalBytes: number;
}

function check(points: readonly BudgetPoint[], budgetBytes: number): void {
  if (!(budgetBytes > 0) || !Number.isFinite(budgetBytes))
    throw new MemnasError(
      'USAGE',
      `hypervolume: the budget must be a positive number of bytes, got ${budgetBytes}`,
    );
  for (const p of points) {
    if (!(p.accuracy >= 0 && p.accuracy <= 1))
      throw new MemnasError('USAGE', `hypervolume: accuracy ${p.accuracy} is not in [0, 1]`);
    if (!(p.totalBytes >= 0) || !Number.isFinite(p.totalBytes))
      throw new MemnasError('USAGE', `hypervolume: memory ${p.totalBytes} is not a byte count`);
  }
}

/**
 * The area dominated by `points` in (accuracy, budget − totalBytes) space, with the reference
 * point (accuracy 0, memory = budget): the union of the rectangles [0, accuracy] × [0, saved].
 * In accuracy × bytes; divide by the budget for a figure in [0, 1]. Points at or over the budget
 * add nothing; dominated points add nothing; the order of the points does not matter.
 */
export function hypervolume(points: readonly BudgetPoint[], budgetBytes: number): number {
  check(points, budgetBytes);
  // Most memory saved first; each step down in saved memory is as tall as the best accuracy so far.
  const inside = points
    .filter((p) => p.totalBytes < budgetBytes)
    .map((p) => ({ saved: budgetBytes - p.totalBytes, accuracy: p.accuracy }))
    .sort((a, b) => b.saved - a.saved);
  let area = 0;
  let tallest = 0;
  for (const [i, p] of inside.entries()) {
    tallest = Math.max(tallest, p.accuracy);
    area += (p.saved - (inside[i + 1]?.saved ?? 0)) * tallest;
  }
  return area;
}

/**
 * The most accurate model whose memory is within the budget (totalBytes ≤ budget); ties go to
 * the smaller model, then to the earlier one. Models without an accuracy (null) are skipped.
 * Null when none fits.
 */
export function bestWithinBudget<T extends { readonly accuracy: number | null; readonly totalBytes: number }>(
  models: readonly T[],
  budgetBytes: number,
): T | null {
  let best: T | null = null;
  for (const m of models) {
    if (m.accuracy === null || !(m.totalBytes <= budgetBytes)) continue;
    if (
      best === null ||
      m.accuracy > best.accuracy! ||
      (m.accuracy === best.accuracy && m.totalBytes < best.totalBytes)
    )
      best = m;
  }
  return best;
}
