// The loop's pure decisions: the memory and latency a candidate counts with, whether it meets
// the budgets, its metric against the parent, and which trained candidate becomes the next parent.
import type { MetricInputs } from '../metric.ts';
import type { Objective, ObjectiveContext } from '../objective/types.ts';
import type { CandidateRecord } from './types.ts';

/** Total memory for the budget and the Pareto front: measured when a device measured it. */
export function totalMemory(c: CandidateRecord): number {
  return c.measuredBytes ?? c.memory.totalBytes;
}

export function withinBudget(c: CandidateRecord, budgetBytes: number): boolean {
  return totalMemory(c) <= budgetBytes;
}

/** Latency for the budget and the front: measured when the device measured it, else predicted; null when none. */
export function latencyOf(c: CandidateRecord): number | null {
  return c.latency?.ms ?? null;
}

/**
 * Whether a candidate meets the latency budget (always, without one). A candidate with no
 * latency at all meets it: only a figure can exceed a limit, and a device run records one.
 */
export function withinLatency(c: CandidateRecord, budgetMs: number | undefined): boolean {
  const ms = latencyOf(c);
  return budgetMs === undefined || ms === null || ms <= budgetMs;
}

/** Within both budgets: memory, and latency under `ctx.latency`. */
export function withinBudgets(c: CandidateRecord, ctx: ObjectiveContext): boolean {
  return withinBudget(c, ctx.budgetBytes) && withinLatency(c, ctx.latency?.budgetMs);
}

/** Which training's accuracy: the round's first pass, or the latest (a runoff's, when it had one). */
export type AccuracyPass = 'first' | 'latest';

export function accuracyOf(c: CandidateRecord, pass: AccuracyPass): number {
  return (pass === 'latest' ? c.runoffAccuracy : undefined) ?? c.validationAccuracy ?? 0;
}

/**
 * The metric's inputs. A device measures one peak; parameters stay analytic (they are what they
 * are) and the feature-map share is what the measurement leaves above them.
 */
export function metricInputs(c: CandidateRecord, pass: AccuracyPass = 'latest'): MetricInputs {
  const paramBytes = c.memory.paramBytes;
  const activationBytes =
    c.measuredBytes === null ? c.memory.peakActivationBytes : Math.max(1, c.measuredBytes - paramBytes);
  const latencyMs = latencyOf(c);
  return {
    accuracy: accuracyOf(c, pass),
    paramBytes,
    activationBytes,
    ...(latencyMs === null ? {} : { latencyMs }),
  };
}

/**
 * The seed round has no parent: its candidates are compared with the mean of the trained seeds
 * after their first pass (the one every seed has).
 */
export function meanReference(cs: readonly CandidateRecord[]): MetricInputs {
  const inputs = cs.map((c) => metricInputs(c, 'first'));
  const mean = (f: (m: MetricInputs) => number): number =>
    inputs.reduce((s, m) => s + f(m), 0) / inputs.length;
  const timed = inputs.flatMap((m) => (m.latencyMs === undefined ? [] : [m.latencyMs]));
  return {
    accuracy: Math.max(
      1e-6,
      mean((m) => m.accuracy),
    ),
    paramBytes: mean((m) => m.paramBytes),
    activationBytes: mean((m) => m.activationBytes),
    // Only when every seed has one: a mean over some would not be the seeds' mean.
    ...(timed.length === inputs.length && timed.length > 0
      ? { latencyMs: timed.reduce((s, x) => s + x, 0) / timed.length }
      : {}),
  };
}

export interface RoundChoice {
  readonly metrics: Map<number, number>;
  /** The best candidate within the budgets by the metric; undefined when none is. */
  readonly best: CandidateRecord | undefined;
}

/**
 * Scores a round's trained candidates against `reference` and picks the best within the budgets,
 * by the accuracy of `pass`.
 */
export function chooseBest(
  trained: readonly CandidateRecord[],
  reference: MetricInputs,
  objective: Objective,
  ctx: ObjectiveContext,
  pass: AccuracyPass = 'first',
): RoundChoice {
  const metrics = new Map<number, number>();
  let best: CandidateRecord | undefined;
  for (const c of trained) {
    const m = objective.score(metricInputs(c, pass), reference, ctx);
    metrics.set(c.id, m);
    if (withinBudgets(c, ctx) && (best === undefined || m > metrics.get(best.id)!)) best = c;
  }
  return { metrics, best };
}
