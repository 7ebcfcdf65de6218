// A round's runoff: one step of successive halving before the round chooses. A short inherited
// fine-tune ranks a smaller network first whatever its capacity, and siblings' leads over the
// baseline are mostly within the noise of one pass (bench:round-noise: a median paired standard
// error of 0.25 points on 5,000 validation images). So the children that beat the baseline in the
// first pass, at most N of them, train one more pass from their own weights on other images, and
// so does the baseline; the round then chooses among these finalists by the second pass alone.
// The seed round, whose seeds differ by fractions of a point after one pass from scratch, runs
// off its best few the same way.
import type { ObjectiveContext } from '../objective/types.ts';
import { withinBudgets } from './select.ts';
import type { CandidateRecord } from './types.ts';

/**
 * The round's finalists: its baseline (the parent trained further) and the `n` children of best
 * first-pass metric that beat it, within the budgets. None when no child beat the baseline (the
 * choice is already clear), when a later round has no baseline, or when `n` is 0. The seed round
 * has no baseline: its `n` + 1 best seeds within the budgets (none when only one is).
 */
export function runoffFinalists(
  trained: readonly CandidateRecord[],
  firstPass: ReadonlyMap<number, number>,
  n: number,
  ctx: ObjectiveContext,
): CandidateRecord[] {
  const score = (c: CandidateRecord): number => firstPass.get(c.id) ?? -Infinity;
  const leaders = (cs: readonly CandidateRecord[], bar: number): CandidateRecord[] =>
    cs
      .filter((c) => withinBudgets(c, ctx) && score(c) > bar)
      .sort((a, b) => score(b) - score(a) || a.id - b.id);
  if (n === 0) return [];
  if (trained.every((c) => c.mutation.kind === 'seed')) {
    const seeds = leaders(trained, -Infinity).slice(0, n + 1);
    return seeds.length < 2 ? [] : seeds;
  }
  const baseline = trained.find((c) => c.mutation.kind === 'keep');
  if (baseline === undefined) return [];
  const children = trained.filter((c) => c.mutation.kind !== 'keep');
  const contenders = leaders(children, score(baseline)).slice(0, n);
  return contenders.length === 0 ? [] : [baseline, ...contenders];
}

/** Whether the runoff finished: every finalist has its second pass (else the first pass decides). */
export function runoffComplete(finalists: readonly CandidateRecord[]): boolean {
  return finalists.length > 0 && finalists.every((c) => c.runoffAccuracy !== undefined);
}
