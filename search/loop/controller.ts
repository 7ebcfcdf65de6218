// The ranking controller as the loop uses it (the same shape as search/controller/contract.ts):
// fitted on every trained candidate, it scores a round's candidates given their parent.
import type { Genotype } from '../space/genotype.ts';

export interface ControllerExample {
  readonly parent: Genotype;
  readonly candidate: Genotype;
  /** The METHOD §4 metric the candidate reached against that parent. */
  readonly metric: number;
}

export interface LoopController {
  fit(examples: readonly ControllerExample[]): Promise<void>;
  /** One score per candidate, higher is better. */
  score(parent: Genotype, candidates: readonly Genotype[]): Promise<number[]>;
}
