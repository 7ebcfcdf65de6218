// How a time budget becomes a search plan (METHOD §8: the seed round's size and K follow the
// time budget): the share kept for final training, the seed round's size and K per round.

export interface PlanInput {
  /** The whole run, seconds (search and final training). */
  readonly timeBudgetSeconds: number;
  /** Candidates trained at once. */
  readonly parallelism: number;
  /** Expected wall-clock seconds to train one candidate in one slot. */
  readonly candidateSeconds: number;
  /** Distinct seed networks available (28 for the 7 operations). */
  readonly seedCount: number;
}

export interface SearchPlan {
  /** Seconds from the start after which the search starts no new training. */
  readonly searchSeconds: number;
  readonly seedSize: number;
  /** Most candidates trained per grow/trim round; the loop lowers it when time runs short. */
  readonly k: number;
}

/**
 * Fraction of the budget for search; the rest retrains the chosen models and tests them. Short
 * runs keep half for final training: about one epoch of Fashion-MNIST is what lifts the best
 * model from its search accuracy to a usable one.
 */
export function searchShare(timeBudgetSeconds: number): number {
  return timeBudgetSeconds <= 600 ? 0.5 : 0.65;
}

const roundUpTo = (n: number, m: number): number => Math.ceil(n / m) * m;

export function planSearch(p: PlanInput): SearchPlan {
  const searchSeconds = p.timeBudgetSeconds * searchShare(p.timeBudgetSeconds);
  const capacity = (searchSeconds / p.candidateSeconds) * p.parallelism;
  // About a third of the capacity seeds the search, the rest is spread over grow/trim rounds.
  const seedSize = Math.min(
    p.seedCount,
    Math.max(p.parallelism, roundUpTo(Math.floor(capacity * 0.35), p.parallelism)),
  );
  const k = Math.min(16, Math.max(p.parallelism, roundUpTo(Math.floor(capacity * 0.15), p.parallelism)));
  return { searchSeconds, seedSize, k };
}
