// The loop's pure decisions: the memory a candidate counts with, whether it meets the budget,
// its metric against the parent, and which trained candidate becomes the next parent.
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

/**
 * The metric's inputs. A device measures one peak; parameters stay analytic (they are what they
 * are) and the feature-map share is what the measurement leaves above them.
 */
export function metricInputs(c: CandidateRecord): MetricInputs {
  const paramBytes = c.memory.paramBytes;
  const activationBytes =
    c.measuredBytes === null ? c.memory.peakActivationBytes : Math.max(1, c.measuredBytes - paramBytes);
  return { accuracy: c.validationAccuracy ?? 0, paramBytes, activationBytes };
}

/** The seed round has no parent: its candidates are compared with the mean of the trained seeds. */
export function meanReference(cs: readonly CandidateRecord[]): MetricInputs {
  const inputs = cs.map(metricInputs);
  const mean = (f: (m: MetricInputs) => number): number =>
    inputs.reduce((s, m) => s + f(m), 0) / inputs.length;
  return {
    accuracy: Math.max(
      1e-6,
      mean((m) => m.accuracy),
    ),
    paramBytes: mean((m) => m.paramBytes),
    activationBytes: mean((m) => m.activationBytes),
  };
}

export interface RoundChoice {
  readonly metrics: Map<number, number>;
  /** The best candidate within the budget by the metric; undefined when none is. */
  readonly best: CandidateRecord | undefined;
}

/** Scores a round's trained candidates against `reference` and picks the best within budget. */
export function chooseBest(
  trained: readonly CandidateRecord[],
  reference: MetricInputs,
  objective: Objective,
  ctx: ObjectiveContext,
): RoundChoice {
  const metrics = new Map<number, number>();
  let best: CandidateRecord | undefined;
  for (const c of trained) {
    const m = objective.score(metricInputs(c), reference, ctx);
    metrics.set(c.id, m);
    if (withinBudget(c, ctx.budgetBytes) && (best === undefined || m > metrics.get(best.id)!)) best = c;
  }
  return { metrics, best };
}
