// The default objective: the most accurate network the budget allows, with λ setting the
// exchange rate between accuracy and memory. Accuracy counts in points and memory as a fraction
// of the user's budget, so a grow wins when the points it buys are worth the share of the budget
// it spends: at λ 0.5 one point pays for half the budget (150 KB of 300 KB), at λ 0.8 for twice
// the budget, at λ 0.2 for 12.5%. The score is U(child) − U(reference), with
//   U = λ·100·A − (1 − λ)·κ·(M/B + w·L/Bₗ),  κ = BUDGET_POINTS,
// M the total memory (parameters + peak feature maps, measured when a device measured it), L the
// device's batch-1 p50 and Bₗ the latency budget — the latency part only under --latency-budget.
import type { MetricInputs } from '../metric.ts';
import { latencyShare } from './latency-term.ts';
import type { Objective, ObjectiveContext } from './types.ts';

/** κ: accuracy points that the whole budget is worth at λ 0.5. */
export const BUDGET_POINTS = 2;

export function budgetUtility(m: MetricInputs, ctx: ObjectiveContext): number {
  const total = m.paramBytes + m.activationBytes;
  const memory = ctx.lambda * 100 * m.accuracy - (1 - ctx.lambda) * BUDGET_POINTS * (total / ctx.budgetBytes);
  // Subtracted only when there is a latency term, so runs without one keep their exact figures.
  return ctx.latency === undefined
    ? memory
    : memory - (1 - ctx.lambda) * BUDGET_POINTS * latencyShare(m, ctx);
}

export const budgetObjective: Objective = {
  name: 'budget',
  formula: `U = λ·100·A − (1 − λ)·${BUDGET_POINTS}·M/B; score = U − U(parent)`,
  latencyFormula: `U = λ·100·A − (1 − λ)·${BUDGET_POINTS}·(M/B + w·L/Bₗ); score = U − U(parent)`,
  score: (c, ref, ctx) => budgetUtility(c, ctx) - budgetUtility(ref, ctx),
};
