// The controller's training data as the ranking GRU reads it (METHOD.md §5): trained candidates
// grouped by round (a round's candidates are siblings of one parent), targets standardised within
// each round, and each round cut into sequences of bounded length in a seeded order. Pure, so the
// tfjs side only turns these plans into tensors.
import { genotypeKey, type Genotype } from '../space/genotype.ts';
import { createRng } from '../random.ts';
import { MemnasError } from '../errors.ts';
import type { ControllerExample } from './contract.ts';

export interface RoundGroup {
  readonly round: number;
  readonly parent: Genotype;
  readonly candidates: readonly Genotype[];
  readonly metrics: readonly number[];
  /** The metrics as z-scores within the round: only the order inside a round drives the picks. */
  readonly targets: readonly number[];
}

/** Below this spread a round's metrics count as equal (targets 0). */
const MIN_SPREAD = 1e-9;

/**
 * (m − mean) / std within one list. Rounds are scored against different parents, so their metric
 * scales differ; standardising keeps one round from dominating the regression loss.
 */
export function standardize(values: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return [];
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return values.map((v) => (std < MIN_SPREAD ? 0 : (v - mean) / std));
}

/**
 * Groups examples by (round, parent), rounds in ascending order, examples in the order given.
 * A round normally has one parent; should it have several, each parent's children form a group.
 */
export function groupByRound(examples: readonly ControllerExample[]): RoundGroup[] {
  const groups = new Map<
    string,
    { round: number; parent: Genotype; candidates: Genotype[]; metrics: number[] }
  >();
  for (const e of examples) {
    if (!Number.isFinite(e.metric)) {
      throw new MemnasError('USAGE', `controller: round ${e.round} has a non-finite metric (${e.metric})`);
    }
    const key = `${e.round}#${genotypeKey(e.parent)}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { round: e.round, parent: e.parent, candidates: [], metrics: [] };
      groups.set(key, g);
    }
    g.candidates.push(e.candidate);
    g.metrics.push(e.metric);
  }
  return [...groups.values()]
    .sort((a, b) => a.round - b.round)
    .map((g) => ({ ...g, targets: standardize(g.metrics) }));
}

/** One ranking-GRU sequence: a slice of one group's candidates, by index into that group. */
export interface SequencePlan {
  readonly group: number;
  readonly members: readonly number[];
}

/**
 * Cuts every group into sequences of at most `maxLength`, after shuffling each group with `seed`
 * (a new seed each epoch shows the ranking GRU its siblings in many orders, so it learns from
 * the round as a set rather than from one arbitrary order). Groups are cut into near-equal parts.
 */
export function planSequences(
  groups: readonly RoundGroup[],
  maxLength: number,
  seed: number,
): SequencePlan[] {
  const rng = createRng(seed);
  const plans: SequencePlan[] = [];
  groups.forEach((g, group) => {
    const order = g.candidates.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const parts = Math.ceil(order.length / maxLength);
    for (let p = 0; p < parts; p++) {
      const from = Math.floor((p * order.length) / parts);
      const to = Math.floor(((p + 1) * order.length) / parts);
      plans.push({ group, members: order.slice(from, to) });
    }
  });
  return plans;
}
