// How well the controller ranked the candidates it picked (issue 6 item 4): Kendall's tau and
// NDCG@K between its scores and the metric they then reached. A local copy so the loop does not
// depend on the controller's module; the definitions are the textbook ones.
import type { RankingQuality } from './types.ts';

/** Kendall's tau-a over all pairs; 0 when fewer than two items. */
export function kendallTau(scores: readonly number[], truth: readonly number[]): number {
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = i + 1; j < scores.length; j++) {
      const s = Math.sign(scores[i]! - scores[j]!) * Math.sign(truth[i]! - truth[j]!);
      if (s > 0) concordant++;
      else if (s < 0) discordant++;
    }
  }
  const pairs = (scores.length * (scores.length - 1)) / 2;
  return pairs === 0 ? 0 : (concordant - discordant) / pairs;
}

/**
 * NDCG@k of the order given by `scores`, with gains from the true metric shifted so the worst is
 * 0 (metrics can be negative). 1 when the order is ideal or all gains are equal.
 */
export function ndcgAtK(scores: readonly number[], truth: readonly number[], k = scores.length): number {
  const low = Math.min(...truth);
  const gain = truth.map((t) => t - low);
  const dcg = (order: number[]): number => order.slice(0, k).reduce((sum, idx, rank) => sum + gain[idx]! / Math.log2(rank + 2), 0);
  const idx = scores.map((_, i) => i);
  const ideal = dcg([...idx].sort((a, b) => gain[b]! - gain[a]!));
  if (ideal === 0) return 1;
  return dcg([...idx].sort((a, b) => scores[b]! - scores[a]!)) / ideal;
}

export function rankingQuality(scores: readonly number[], truth: readonly number[]): RankingQuality {
  return { kendallTau: kendallTau(scores, truth), ndcg: ndcgAtK(scores, truth), k: scores.length };
}
