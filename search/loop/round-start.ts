// A round's start: its proposals (the seeds, or the parent's grow/trim children not yet tried),
// the order it considers them in, the picks that fit the budgets beside the baseline, stored
// before anything trains. Or why the search stops instead.
import { MemnasError } from '../errors.ts';
import { genotypeKey } from '../space/genotype.ts';
import { childCandidates, seedCandidates, type Candidate } from '../space/grow-trim.ts';
import { baselinePick } from './baseline.ts';
import type { StopReason } from './events.ts';
import { formatBytes, type LoopContext } from './loop-context.ts';
import { roundOrder } from './round-order.ts';
import { fitBudget } from './round-picks.ts';
import type { CandidateRecord, RoundRecord } from './types.ts';

/** Where the search stands between rounds. */
export interface LoopStanding {
  readonly parentId: number | null;
  /** Rounds in a row without a better parent. */
  readonly stale: number;
}

export async function startRound(
  ctx: LoopContext,
  roundNo: number,
  standing: LoopStanding,
): Promise<RoundRecord | StopReason> {
  const { cfg } = ctx;
  const proposed = proposals(ctx, roundNo, standing);
  if (typeof proposed === 'string') return proposed;
  const { parent, candidates } = proposed;
  const k = roundNo === 0 ? cfg.seedSize : Math.min(cfg.k, Math.max(1, ctx.trainingsLeft()));
  const { order, scores, picker } = await roundOrder(ctx, roundNo, parent, candidates, k);
  // Fitting the controller takes time too: start the round only if a training still fits.
  if (roundNo > 0 && ctx.secondsLeft() < ctx.candidateSeconds()) return 'time';
  // Under inheritance one slot trains the parent further: the baseline its children must beat.
  const baseline = parent !== undefined && cfg.inherit ? [baselinePick(parent, roundNo, cfg.space)] : [];
  const fitted = await fitBudget(ctx, roundNo, parent, order, scores, Math.max(1, k - baseline.length));
  const { overBudget, overLatency, smallest } = fitted;
  const picks = fitted.picks.length === 0 ? [] : [...baseline, ...fitted.picks];
  if (picks.length === 0) {
    if (roundNo > 0) return 'over-budget';
    const device = ctx.deps.oracle.measure === undefined ? '' : ' as predicted for the device';
    throw new MemnasError(
      'BUDGET_UNREACHABLE',
      `no architecture meets the ${formatBytes(cfg.memoryBudgetBytes)} memory budget: the smallest seed network needs ${formatBytes(smallest)}${device} (raise --memory-budget)`,
    );
  }
  const round = {
    round: roundNo,
    parentId: parent?.id ?? null,
    picker,
    proposed: candidates.length,
    overBudget,
  };
  const ids = ctx.deps.store.startRound(round, picks);
  ctx.emit({
    kind: 'round-start',
    round: roundNo,
    picks: ids.length,
    proposed: candidates.length,
    overBudget,
    ...(cfg.latency === undefined ? {} : { overLatency }),
    picker,
  });
  return { ...round, picks: ids, done: false, nextParentId: null, improved: false, quality: null };
}

/** The round's proposals and its parent (none for the seed round), or why the search stops. */
function proposals(
  ctx: LoopContext,
  roundNo: number,
  standing: LoopStanding,
): { parent: CandidateRecord | undefined; candidates: Candidate[] } | StopReason {
  const { cfg } = ctx;
  if (roundNo === 0)
    return { parent: undefined, candidates: seedCandidates(cfg.width, cfg.stem, cfg.stemStride ?? 1) };
  if (cfg.patience !== null && standing.stale >= cfg.patience) return 'no-improvement';
  const parent = ctx.candidate(standing.parentId!);
  if (parent.genotype.blocks[0]!.cells.length >= cfg.maxCells) return 'max-cells';
  if (ctx.trainingsLeft() < 1) return 'time';
  const seen = new Set(ctx.deps.store.candidates().map((c) => c.key));
  const candidates = childCandidates(parent.genotype).filter((c) => !seen.has(genotypeKey(c.genotype)));
  if (candidates.length === 0) return 'exhausted';
  return { parent, candidates };
}
