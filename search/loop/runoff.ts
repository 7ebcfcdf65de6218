// A round's runoff: one step of successive halving before the round chooses. A short inherited
// fine-tune ranks a smaller network first whatever its capacity, and siblings' leads over the
// baseline are mostly within the noise of one pass (bench:round-noise: a median paired standard
// error of 0.25 points on 5,000 validation images). So the children that beat the baseline in the
// first pass, at most N of them, train one more pass from their own weights on other images, and
// so does the baseline; the round then chooses among these finalists by the second pass alone.
import type { ObjectiveContext } from '../objective/types.ts';
import { withinBudgets } from './select.ts';
import type { CandidateRecord } from './types.ts';

/**
 * The round's finalists: its baseline (the parent trained further) and the `n` children of best
 * first-pass metric that beat it, within the budgets. None when no child beat the baseline (the
 * choice is already clear), when the round has no baseline, or when `n` is 0.
 */
export function runoffFinalists(
  trained: readonly CandidateRecord[],
  firstPass: ReadonlyMap<number, number>,
  n: number,
  ctx: ObjectiveContext,
): CandidateRecord[] {
  const baseline = trained.find((c) => c.mutation.kind === 'keep');
  if (n === 0 || baseline === undefined) return [];
  const bar = firstPass.get(baseline.id) ?? -Infinity;
  const score = (c: CandidateRecord): number => firstPass.get(c.id) ?? -Infinity;
  const contenders = trained
    .filter((c) => c.mutation.kind !== 'keep' && withinBudgets(c, ctx) && score(c) > bar)
    .sort((a, b) => score(b) - score(a) || a.id - b.id)
    .slice(0, n);
  return contenders.length === 0 ? [] : [baseline, ...contenders];
}

/** Whether the runoff finished: every finalist has its second pass (else the first pass decides). */
export function runoffComplete(finalists: readonly CandidateRecord[]): boolean {
  return finalists.length > 0 && finalists.every((c) => c.runoffAccuracy !== undefined);
}
