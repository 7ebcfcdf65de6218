// The orders in which controller-free rounds consider their proposals. A grow/trim round of a
// one-cell parent proposes ~100 grows, ~10 trims and 2 width steps, so a uniform shuffle trains
// grows almost only (measured: 100 of ~112 proposals) and the controller, fitted on that round,
// never sees enough trims and width steps to rank them. Its warm-up rounds therefore take the
// kinds in turn; the random picker keeps the uniform shuffle, the plain baseline it stands for.
import { createRng } from '../random.ts';
import type { Candidate, Mutation } from '../space/grow-trim.ts';

/** A shuffled copy (the project's seeded Fisher–Yates): every proposal equally likely at every place. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  return createRng(seed).shuffle([...items]);
}

/** The family a mutation belongs to: both trims are one family, as the controller sees them. */
export function mutationFamily(m: Mutation): 'seed' | 'grow' | 'trim' | 'width' | 'keep' {
  return m.kind === 'trim-op' || m.kind === 'trim-edge' ? 'trim' : m.kind;
}

/**
 * Each family shuffled, then one from each family in turn (the families' order shuffled too)
 * until all are used: the first k picks hold every family present, as evenly as it has members.
 */
export function stratifiedShuffle(items: readonly Candidate[], seed: number): Candidate[] {
  const families = new Map<string, Candidate[]>();
  for (const c of items) {
    const f = mutationFamily(c.mutation);
    const members = families.get(f);
    if (members === undefined) families.set(f, [c]);
    else members.push(c);
  }
  const groups = shuffle([...families.keys()].sort(), seed).map((f, i) =>
    shuffle(families.get(f)!, seed + 7919 * (i + 1)),
  );
  const out: Candidate[] = [];
  for (let i = 0; out.length < items.length; i++) for (const g of groups) if (i < g.length) out.push(g[i]!);
  return out;
}
