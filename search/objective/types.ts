// The contract of a selection objective: how a trained candidate scores against a reference (its
// round's parent, or the seeds' mean in the seed round). A score above 0 means better than the
// reference; the round's best score within the memory budget picks the next parent. One file per
// objective, listed once in all-objectives.ts; docs/objective.md gives the formulas.
import type { MetricInputs } from '../metric.ts';

export type ObjectiveName = 'budget' | 'paper';

export interface ObjectiveContext {
  /** λ in [0, 1]: accuracy against memory. */
  readonly lambda: number;
  /** The user's memory budget, bytes (a hard limit; objectives may also scale by it). */
  readonly budgetBytes: number;
}

export interface Objective {
  readonly name: ObjectiveName;
  /** One line for help and the run's summary. */
  readonly formula: string;
  score(candidate: MetricInputs, reference: MetricInputs, ctx: ObjectiveContext): number;
}
