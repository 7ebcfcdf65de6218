// How well predicted scores rank candidates against their true metric: Kendall's tau-b over all
// pairs, and NDCG@K and precision@K on the top K (what the controller's picks are judged by,
// METHOD.md §5). Pure and O(n²) at worst — rounds hold hundreds of candidates, not millions.
import { MemnasError } from '../errors.ts';

function checkPair(predicted: readonly number[], truth: readonly number[]): void {
  if (predicted.length !== truth.length) {
    throw new MemnasError(
      'USAGE',
      `ranking quality: ${predicted.length} predictions for ${truth.length} true values`,
    );
  }
}

/**
 * Kendall's tau-b: (concordant − discordant) / √((pairs − ties in predicted)(pairs − ties in truth)).
 * Pairs tied in either list count as neither concordant nor discordant. In [−1, 1]; NaN when
 * either list is constant (or has fewer than two items): no ordering to compare.
 */
export function kendallTau(predicted: readonly number[], truth: readonly number[]): number {
  checkPair(predicted, truth);
  const n = predicted.length;
  let concordant = 0;
  let discordant = 0;
  let tiesPredicted = 0;
  let tiesTruth = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = Math.sign(predicted[i]! - predicted[j]!);
      const b = Math.sign(truth[i]! - truth[j]!);
      if (a === 0) tiesPredicted++;
      if (b === 0) tiesTruth++;
      if (a !== 0 && b !== 0) {
        if (a === b) concordant++;
        else discordant++;
      }
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiesPredicted) * (pairs - tiesTruth));
  return denominator === 0 ? Number.NaN : (concordant - discordant) / denominator;
}

/** Indices sorted by value, highest first; equal values keep their original order. */
export function rankIndices(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((i, j) => values[j]! - values[i]! || i - j);
}

/** The indices of the K highest values (ties broken by position, earliest first). */
export function topK(values: readonly number[], k: number): number[] {
  return rankIndices(values).slice(0, Math.max(0, k));
}

/**
 * NDCG@K with linear gains and log₂ discounts. The metric can be negative, so an item's gain is
 * its true value minus the lowest true value of the list (the worst item gains 0). DCG sums the
 * gains of the K best-predicted items; it is divided by the DCG of the K truly best. 1 when the
 * ideal DCG is 0 (every item equal), since then any pick is ideal.
 */
export function ndcgAtK(predicted: readonly number[], truth: readonly number[], k: number): number {
  checkPair(predicted, truth);
  const low = Math.min(...truth);
  const dcg = (order: readonly number[]): number =>
    order.slice(0, k).reduce((sum, idx, pos) => sum + (truth[idx]! - low) / Math.log2(pos + 2), 0);
  const ideal = dcg(rankIndices(truth));
  return ideal === 0 ? 1 : dcg(rankIndices(predicted)) / ideal;
}

/**
 * Precision@K: the share of the K best-predicted items that are truly in the top K. Items tied
 * with the K-th best true value all count as top K, so ties in the truth never cost precision.
 */
export function precisionAtK(predicted: readonly number[], truth: readonly number[], k: number): number {
  checkPair(predicted, truth);
  const kk = Math.min(k, truth.length);
  if (kk <= 0) return Number.NaN;
  const threshold = truth[rankIndices(truth)[kk - 1]!]!;
  const hits = topK(predicted, kk).filter((i) => truth[i]! >= threshold).length;
  return hits / kk;
}
