// The structure-correlation controller's contract (METHOD.md §5): learn from trained candidates,
// rank untrained ones. The search loop depends on this file only; implementations live elsewhere
// (the tfjs one in trainer/controller/), so search/ stays free of tfjs.
import type { Genotype } from '../space/genotype.ts';

/** One trained candidate: what it was made from, in which round, and the metric it scored. */
export interface ControllerExample {
  readonly parent: Genotype;
  readonly candidate: Genotype;
  /** The search round that trained it; a round's candidates are ranked together. */
  readonly round: number;
  /** The method's metric (METHOD.md §4) of `candidate` against `parent`; higher is better. */
  readonly metric: number;
}

/** What one fit did, for the run log. */
export interface FitReport {
  readonly examples: number;
  readonly rounds: number;
  readonly epochs: number;
  /** Training loss (regression + ranking) after the last epoch. */
  readonly finalLoss: number;
  /** Kendall's tau-b of the fitted scores against the metric, averaged over rounds (training fit). */
  readonly trainTau: number;
  readonly seconds: number;
  /** Whether the weights continued from the previous fit instead of a fresh initialisation. */
  readonly warmStarted: boolean;
}

export interface Controller {
  /**
   * Trains on every trained candidate so far (all rounds). Replaces what an earlier fit learned,
   * or continues from it when the implementation warm-starts. Needs at least one example.
   */
  fit(examples: readonly ControllerExample[]): Promise<FitReport>;
  /**
   * Scores one round's candidates of `parent`, in the order given (the order is part of the
   * input: each score depends on its siblings). Higher = predicted better. Before any fit the
   * scores carry no information.
   */
  score(parent: Genotype, candidates: readonly Genotype[]): Promise<number[]>;
  /** Frees everything the controller holds; it cannot be used afterwards. */
  dispose(): void;
}
