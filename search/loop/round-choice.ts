// A round's end: its trained picks scored against the parent (the first pass), the runoff's
// finalists, the choice — by the runoff's second pass when it finished — and the next parent,
// stored with the controller's ranking quality.
import { MemnasError } from '../errors.ts';
import type { MetricInputs } from '../metric.ts';
import { nextParent } from './baseline.ts';
import { formatBytes, type LoopContext } from './loop-context.ts';
import { rankingQuality } from './ranking-quality.ts';
import { runoffComplete, runoffFinalists } from './runoff.ts';
import {
  chooseBest,
  latencyOf,
  meanReference,
  metricInputs,
  totalMemory,
  withinBudget,
  type RoundChoice,
} from './select.ts';
import type { CandidateRecord, RoundRecord } from './types.ts';

/** The round's trained picks, the reference they are scored against, and the first pass's choice. */
export function firstPass(ctx: LoopContext, round: RoundRecord) {
  const trained = round.picks.map((id) => ctx.candidate(id)).filter((c) => c.status === 'trained');
  const parent = round.parentId === null ? undefined : ctx.candidate(round.parentId);
  const reference = parent === undefined ? meanReference(trained) : metricInputs(parent);
  const first = chooseBest(trained, reference, ctx.cfg.objective, ctx.objectiveContext());
  return { trained, parent, reference, first };
}

/** The runoff's finalists (runoff.ts), from the first pass. */
export function finalists(ctx: LoopContext, round: RoundRecord): CandidateRecord[] {
  if (ctx.cfg.runoff === 0) return [];
  const { trained, first } = firstPass(ctx, round);
  return finalistsOf(ctx, trained, first);
}

function finalistsOf(ctx: LoopContext, trained: readonly CandidateRecord[], first: RoundChoice) {
  return runoffFinalists(trained, first.metrics, ctx.cfg.runoff, ctx.objectiveContext());
}

/** The finished round, and whether it ended on the fastest seed because none met the latency budget. */
export function finishRound(
  ctx: LoopContext,
  round: RoundRecord,
): { done: RoundRecord; latencyUnmet: boolean } {
  const { trained, parent, reference, first } = firstPass(ctx, round);
  if (parent === undefined && trained.length === 0) {
    const why = round.picks.map((id) => ctx.candidate(id)).find((c) => c.error !== null)?.error;
    throw new MemnasError(
      'SEARCH_FAILED',
      why === undefined ? 'no seed network finished training' : `no seed network trained: ${why}`,
    );
  }
  const { metrics } = first;
  const { best, score } = decide(ctx, trained, first, reference);
  const fastest = parent === undefined && best === undefined ? fastestSeed(ctx, trained) : undefined;
  const { nextParentId, improved } =
    fastest === undefined ? nextParent(best, score, parent) : { nextParentId: fastest.id, improved: true };
  const scored = trained.filter((c) => c.controllerScore !== null);
  const quality =
    round.picker === 'controller' && scored.length >= 2
      ? rankingQuality(
          scored.map((c) => c.controllerScore!),
          scored.map((c) => metrics.get(c.id)!),
        )
      : null;
  ctx.deps.store.finishRound(round.round, { metrics, nextParentId, improved, quality });
  const done: RoundRecord = { ...round, done: true, nextParentId, improved, quality };
  ctx.emit({
    kind: 'round-done',
    round: done,
    parent: nextParentId === null ? undefined : ctx.candidate(nextParentId),
  });
  return { done, latencyUnmet: fastest !== undefined };
}

/**
 * The round's choice and its score against the parent: by the runoff's second pass among its
 * finalists when the runoff finished, else by the first pass (`first`).
 */
function decide(
  ctx: LoopContext,
  trained: readonly CandidateRecord[],
  first: RoundChoice,
  reference: MetricInputs,
) {
  const runoff = finalistsOf(ctx, trained, first);
  const second = runoffComplete(runoff)
    ? chooseBest(runoff, reference, ctx.cfg.objective, ctx.objectiveContext(), 'latest')
    : first;
  const { best } = second;
  return { best, score: best === undefined ? undefined : second.metrics.get(best.id) };
}

/**
 * The seed round chose nothing. Within memory but none within the latency budget: the fastest
 * measured seed within memory, so the run ends with it (and says so) and loses nothing it
 * trained. Nothing within memory: the memory budget is unreachable, as before.
 */
function fastestSeed(ctx: LoopContext, trained: readonly CandidateRecord[]): CandidateRecord {
  const budget = ctx.cfg.memoryBudgetBytes;
  const fits = trained.filter((c) => withinBudget(c, budget) && latencyOf(c) !== null);
  if (ctx.cfg.latency === undefined || fits.length === 0) {
    const smallest = Math.min(...trained.map(totalMemory));
    throw new MemnasError(
      'BUDGET_UNREACHABLE',
      `no trained seed network meets the ${formatBytes(budget)} memory budget on the device: the smallest measured ${formatBytes(smallest)}`,
    );
  }
  return fits.reduce((a, b) => (latencyOf(b)! < latencyOf(a)! ? b : a));
}
