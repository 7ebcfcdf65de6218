// The round's baseline under weight inheritance: the parent itself trained further for a child's
// budget. Children start from the parent's weights and train more than it did, so against the
// parent's own figure every child "improves"; against the baseline a child wins only by what its
// grow or trim changed, λ decides between them, and patience can end the search.
import { genotypeKey } from '../space/genotype.ts';
import { keepCandidate } from '../space/grow-trim.ts';
import type { SpaceInput } from '../space/build.ts';
import { buildArchitecture } from '../space/build.ts';
import type { NewCandidate } from './store.ts';
import type { CandidateRecord } from './types.ts';

/** The baseline pick of round `round` for `parent`: its memory (and predicted latency) is the parent's. */
export function baselinePick(parent: CandidateRecord, round: number, space: SpaceInput): NewCandidate {
  const c = keepCandidate(parent.genotype);
  return {
    key: `${genotypeKey(parent.genotype)}#keep-r${round}`,
    round,
    parentId: parent.id,
    genotype: c.genotype,
    mutation: c.mutation,
    memory: parent.memory,
    architecture: buildArchitecture(c.genotype, space),
    controllerScore: null,
    inheritedFrom: parent.id,
    // The same network as its parent: the parent's p50 is its prediction until it is measured.
    ...(parent.latency === undefined ? {} : { latency: { ms: parent.latency.ms, source: 'predicted' } }),
  };
}

export interface NextParent {
  readonly nextParentId: number | null;
  /** A grow or trim won: the structure moved. The baseline winning trains on, without improving. */
  readonly improved: boolean;
}

/**
 * The next parent: the round's best within budget when it scores above the parent (a seed round
 * always takes its best), else the parent stays.
 */
export function nextParent(
  best: CandidateRecord | undefined,
  score: number | undefined,
  parent: CandidateRecord | undefined,
): NextParent {
  if (best === undefined) return { nextParentId: parent?.id ?? null, improved: false };
  if (parent === undefined) return { nextParentId: best.id, improved: true };
  if (score === undefined || score <= 0) return { nextParentId: parent.id, improved: false };
  return { nextParentId: best.id, improved: best.mutation.kind !== 'keep' };
}
