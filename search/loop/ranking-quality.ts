// The controller's quality on the candidates it picked and that then trained (issue 6 item 4):
// Kendall's tau and NDCG@K of its scores against the metric they reached.
import { kendallTau, ndcgAtK } from '../controller/ranking-quality.ts';
import type { RankingQuality } from './types.ts';

export function rankingQuality(scores: readonly number[], truth: readonly number[]): RankingQuality {
  const tau = kendallTau(scores, truth);
  return {
    kendallTau: Number.isNaN(tau) ? null : tau,
    ndcg: ndcgAtK(scores, truth, scores.length),
    k: scores.length,
  };
}
