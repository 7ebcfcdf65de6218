// The objectives' latency term (`--latency-budget`, `--latency-weight`): latency counts beside
// memory, in the same currency each objective already uses for memory, scaled by the weight w.
// Without a latency budget in the context (or without a latency on either network) the term is
// 0, so a run without `--latency-budget` scores exactly as before.
import type { MetricInputs } from '../metric.ts';
import type { ObjectiveContext } from './types.ts';

/** The default `--latency-weight`: the whole latency budget is worth as much as the whole memory budget. */
export const DEFAULT_LATENCY_WEIGHT = 1;

/** L / Lbudget for the budget objective, or 0 when there is no latency term. */
export function latencyShare(m: MetricInputs, ctx: ObjectiveContext): number {
  if (ctx.latency === undefined || m.latencyMs === undefined) return 0;
  return (ctx.latency.weight * m.latencyMs) / ctx.latency.budgetMs;
}

/**
 * w·(Lₚ − L)/Lₚ for the paper objective: the relative latency saving against the reference, or 0
 * when there is no latency term or either latency is missing (or the reference's is 0).
 */
export function relativeLatencySaving(c: MetricInputs, ref: MetricInputs, ctx: ObjectiveContext): number {
  if (ctx.latency === undefined || c.latencyMs === undefined || ref.latencyMs === undefined) return 0;
  if (!(ref.latencyMs > 0)) return 0;
  return (ctx.latency.weight * (ref.latencyMs - c.latencyMs)) / ref.latencyMs;
}
