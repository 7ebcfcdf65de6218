// The weights a candidate starts training from: its parent's trained weights carried over by
// weight inheritance (search/space/inherit.ts), or none (from scratch) for seeds, for runs
// without inheritance, and when the parent's weights are not stored.
import type { Architecture } from '../architecture/types.ts';
import type { ArchitectureWeights } from '../architecture/weights.ts';
import { buildArchitecture, type SpaceInput } from '../space/build.ts';
import { inheritWeights } from '../space/inherit.ts';
import type { SearchStore } from './store.ts';
import type { CandidateRecord } from './types.ts';

/** `arch` is the candidate's architecture, as the loop built it for training. */
export function inheritedStart(
  store: Pick<SearchStore, 'weights'>,
  space: SpaceInput,
  c: CandidateRecord,
  arch: Architecture,
  parent: CandidateRecord | undefined,
): ArchitectureWeights | undefined {
  if (c.inheritedFrom === null || parent === undefined || parent.id !== c.inheritedFrom) return undefined;
  const weights = store.weights(parent.id);
  if (weights === null) return undefined;
  return inheritWeights(
    { architecture: buildArchitecture(parent.genotype, space, `cand-${parent.id}`), weights },
    arch,
    c.mutation,
    parent.genotype.blocks[0]!.cells.length,
    c.id,
  );
}
