// A round's picks: the first `k` proposals in the round's order that fit the memory budget and
// the predicted latency budget, each with its memory and latency as known before training.
import type { Architecture } from '../architecture/types.ts';
import { buildArchitecture } from '../space/build.ts';
import { genotypeKey } from '../space/genotype.ts';
import type { Candidate } from '../space/grow-trim.ts';
import type { LoopContext } from './loop-context.ts';
import type { NewCandidate } from './store.ts';
import type { CandidateRecord, LatencyFigures } from './types.ts';

export interface FittedPicks {
  readonly picks: NewCandidate[];
  /** Proposals looked at and left out for memory or predicted latency. */
  readonly overBudget: number;
  /** Of those, the ones left out for latency. */
  readonly overLatency: number;
  /** The smallest total memory looked at (for a budget nothing meets). */
  readonly smallest: number;
}

/**
 * Walks the order and keeps the first `k` candidates within the memory budget and the predicted
 * latency budget. A seed round whose every seed is predicted too slow trains the `k` predicted
 * fastest anyway: a prediction is not a measurement, and the run then says what was measured.
 */
export async function fitBudget(
  ctx: LoopContext,
  roundNo: number,
  parent: CandidateRecord | undefined,
  order: readonly Candidate[],
  scores: Map<Candidate, number>,
  k: number,
): Promise<FittedPicks> {
  const picks: NewCandidate[] = [];
  const slow: NewCandidate[] = [];
  let overBudget = 0;
  let overLatency = 0;
  let smallest = Infinity;
  for (const c of order) {
    // The seed round looks at every seed, so a budget nothing meets can name the smallest.
    if (picks.length >= k && roundNo > 0) break;
    const architecture = buildArchitecture(c.genotype, ctx.cfg.space);
    await prepareLatency(ctx, architecture);
    const pick = newCandidate(ctx, roundNo, parent, c, scores.get(c) ?? null, architecture);
    smallest = Math.min(smallest, pick.memory.totalBytes);
    if (pick.memory.totalBytes > ctx.cfg.memoryBudgetBytes) {
      overBudget++;
      continue;
    }
    if (tooSlow(ctx, pick.latency)) {
      overBudget++;
      overLatency++;
      if (roundNo === 0) slow.push(pick);
      continue;
    }
    if (picks.length >= k) continue;
    picks.push(pick);
  }
  if (picks.length === 0 && roundNo === 0)
    picks.push(...slow.sort((a, b) => a.latency!.ms - b.latency!.ms).slice(0, k));
  return { picks, overBudget, overLatency, smallest };
}

function newCandidate(
  ctx: LoopContext,
  roundNo: number,
  parent: CandidateRecord | undefined,
  c: Candidate,
  controllerScore: number | null,
  architecture: Architecture,
): NewCandidate {
  const latency = predictLatency(ctx, architecture);
  return {
    key: genotypeKey(c.genotype),
    round: roundNo,
    parentId: parent?.id ?? null,
    genotype: c.genotype,
    mutation: c.mutation,
    memory: ctx.deps.oracle.estimate(architecture),
    architecture,
    controllerScore,
    inheritedFrom: ctx.cfg.inherit ? (parent?.id ?? null) : null,
    ...(latency === undefined ? {} : { latency }),
  };
}

/** The predictor's asynchronous part, for a structure the device has not measured. */
async function prepareLatency(ctx: LoopContext, arch: Architecture): Promise<void> {
  const oracle = ctx.deps.oracle.latency;
  if (oracle?.prepare !== undefined && oracle.measured(arch) === null) await oracle.prepare(arch);
}

/** The oracle's latency before training: measured for a structure it measured, else predicted. */
function predictLatency(ctx: LoopContext, arch: Architecture): LatencyFigures | undefined {
  const oracle = ctx.deps.oracle.latency;
  if (oracle === undefined) return undefined;
  const measured = oracle.measured(arch);
  if (measured !== null) return { ms: measured, source: 'measured' };
  const ms = oracle.predict(arch);
  return ms === null ? undefined : { ms, source: 'predicted' };
}

function tooSlow(ctx: LoopContext, latency: LatencyFigures | undefined): boolean {
  const budget = ctx.cfg.latency?.budgetMs;
  return budget !== undefined && latency !== undefined && latency.ms > budget;
}
