// The contract of a selection objective: how a trained candidate scores against a reference (its
// round's parent, or the seeds' mean in the seed round). A score above 0 means better than the
// reference; the round's best score within the memory budget picks the next parent. One file per
// objective, listed once in all-objectives.ts; docs/objective.md gives the formulas. The latency
// term (latency-term.ts) is added only when the run has a latency budget.
import type { MetricInputs } from '../metric.ts';

export type ObjectiveName = 'budget' | 'paper';

export interface ObjectiveContext {
  /** λ in [0, 1]: accuracy against memory. */
  readonly lambda: number;
  /** The user's memory budget, bytes (a hard limit; objectives may also scale by it). */
  readonly budgetBytes: number;
  /** Present only with `--latency-budget`: without it every objective scores as before. */
  readonly latency?: LatencyTerm;
}

/** The latency budget and the weight of its term (latency-term.ts). */
export interface LatencyTerm {
  /** The device's batch-1 p50 limit, milliseconds (a hard limit, as memory's is). */
  readonly budgetMs: number;
  /** `--latency-weight`: the latency budget's worth relative to the memory budget's (default 1). */
  readonly weight: number;
}

export interface Objective {
  readonly name: ObjectiveName;
  /** One line for help and the run's summary. */
  readonly formula: string;
  /** The same with the latency term, for runs with a latency budget. */
  readonly latencyFormula: string;
  score(candidate: MetricInputs, reference: MetricInputs, ctx: ObjectiveContext): number;
}
