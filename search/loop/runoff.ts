// A round's runoff: one step of successive halving before the round chooses. A short inherited
// fine-tune ranks a smaller network first whatever its capacity, and siblings' leads over the
// baseline are mostly within the noise of one pass (bench:round-noise: a median paired standard
// error of 0.25 points on 5,000 validation images). So the children that beat the baseline in the
// first pass, at most N of them, train one more pass from their own weights on other images, and
// so does the baseline; the round then chooses among these finalists by the second pass alone.
// That pass is as long as the plan sets (LoopConfig.runoffLength first passes): what capacity
// buys shows only with training.
// "Beat" is read on the metric or on accuracy alone: accuracy is the one uncertain input (memory
// is known exactly), and a step up in memory that leads in accuracy but not yet on the metric (a
// width step: +0.22 points after one pass, ≈ +0.6 trained alike) deserves the pass that tells its
// lead from luck; contenders by metric and by accuracy take turns for the N. Measured: such leads
// mostly shrink in the second pass (+0.26 → +0.06 points over 35 children, none won); what the
// rule changed is the baseline's own extra passes (docs/benchmarks.md, "Search").
// The seed round, whose seeds differ by fractions of a point after one pass from scratch, runs
// off its best few the same way.
import type { ObjectiveContext } from '../objective/types.ts';
import { accuracyOf, withinBudgets } from './select.ts';
import type { CandidateRecord } from './types.ts';

/**
 * The round's finalists: its baseline (the parent trained further) and up to `n` children within
 * the budgets that beat it in the first pass, taken in turn from those of best metric and those of
 * best accuracy. None when no child beat the baseline (the choice is already clear), when a later
 * round has no baseline, or when `n` is 0. The seed round has no baseline: its `n` + 1 best seeds
 * within the budgets (none when only one is).
 */
export function runoffFinalists(
  trained: readonly CandidateRecord[],
  firstPass: ReadonlyMap<number, number>,
  n: number,
  ctx: ObjectiveContext,
): CandidateRecord[] {
  const score = (c: CandidateRecord): number => firstPass.get(c.id) ?? -Infinity;
  const accuracy = (c: CandidateRecord): number => accuracyOf(c, 'first');
  const leaders = (cs: readonly CandidateRecord[], bar: number, by = score): CandidateRecord[] =>
    cs.filter((c) => withinBudgets(c, ctx) && by(c) > bar).sort((a, b) => by(b) - by(a) || a.id - b.id);
  if (n === 0) return [];
  if (trained.every((c) => c.mutation.kind === 'seed')) {
    const seeds = leaders(trained, -Infinity).slice(0, n + 1);
    return seeds.length < 2 ? [] : seeds;
  }
  const baseline = trained.find((c) => c.mutation.kind === 'keep');
  if (baseline === undefined) return [];
  const children = trained.filter((c) => c.mutation.kind !== 'keep');
  const byMetric = leaders(children, score(baseline));
  const byAccuracy = leaders(children, accuracy(baseline), accuracy);
  const contenders = takeTurns(byMetric, byAccuracy).slice(0, n);
  return contenders.length === 0 ? [] : [baseline, ...contenders];
}

/** The two rankings merged in turns (first of a, first of b, second of a, …), each once. */
function takeTurns(a: readonly CandidateRecord[], b: readonly CandidateRecord[]): CandidateRecord[] {
  const merged: CandidateRecord[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    for (const c of [a[i], b[i]]) if (c !== undefined && !merged.includes(c)) merged.push(c);
  }
  return merged;
}

/** Whether the runoff finished: every finalist has its second pass (else the first pass decides). */
export function runoffComplete(finalists: readonly CandidateRecord[]): boolean {
  return finalists.length > 0 && finalists.every((c) => c.runoffAccuracy !== undefined);
}
