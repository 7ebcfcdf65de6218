// The paper's objective (METHOD.md §4, the authors' released code): accuracy gain against
// parameter- and feature-map-memory savings, all relative to the parent. Kept as
// `--objective paper`; a grow that doubles memory needs about +65% relative accuracy to win
// at λ 0.5, so under it the search only trims. Under --latency-budget the relative latency
// saving joins the memory savings, weighted by w (latency-term.ts).
import { memnasMetric } from '../metric.ts';
import { relativeLatencySaving } from './latency-term.ts';
import type { Objective } from './types.ts';

export const paperObjective: Objective = {
  name: 'paper',
  formula: 'λ·(A − Aₚ)/Aₚ + (1 − λ)·[0.3·(Pₚ − P)/Pₚ + 0.7·(Rₚ − R)/Rₚ]',
  latencyFormula: 'λ·(A − Aₚ)/Aₚ + (1 − λ)·[0.3·(Pₚ − P)/Pₚ + 0.7·(Rₚ − R)/Rₚ + w·(Lₚ − L)/Lₚ]',
  score: (c, ref, ctx) => {
    const memory = memnasMetric(c, ref, ctx.lambda);
    return ctx.latency === undefined
      ? memory
      : memory + (1 - ctx.lambda) * relativeLatencySaving(c, ref, ctx);
  },
};
