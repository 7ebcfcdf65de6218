// The persistence contract of a search run (implemented by store/search-store.ts). Every write
// is durable when the call returns, so a killed run loses nothing it was told about.
import type { Architecture } from '../architecture/types.ts';
import type { ArchitectureWeights } from '../architecture/weights.ts';
import type { CandidateRecord, LatencyFigures, RankingQuality, RoundRecord } from './types.ts';

/** A candidate as the loop proposes it; the store adds the id and the training fields. */
export type NewCandidate = Pick<
  CandidateRecord,
  'key' | 'round' | 'parentId' | 'genotype' | 'mutation' | 'memory' | 'controllerScore' | 'inheritedFrom'
> & {
  /** The device's predicted latency before training, when the oracle predicts one. */
  readonly latency?: LatencyFigures;
  /** Kept with the record so every candidate's network can be written out as it was searched. */
  readonly architecture: Architecture;
};

/** A round as it starts; the store adds the picks' ids. */
export type NewRound = Pick<RoundRecord, 'round' | 'parentId' | 'picker' | 'proposed' | 'overBudget'>;

export interface TrainedUpdate {
  readonly validationAccuracy: number;
  readonly trainSeconds: number;
  readonly weights: ArchitectureWeights;
}

export interface RoundOutcome {
  /** The metric of each trained pick against the round's parent (or reference). */
  readonly metrics: ReadonlyMap<number, number>;
  readonly nextParentId: number | null;
  readonly improved: boolean;
  readonly quality: RankingQuality | null;
}

export interface SearchStore {
  /** Every candidate, in id order. */
  candidates(): CandidateRecord[];
  /** Every round, in order. */
  rounds(): RoundRecord[];
  /** Inserts the round and its picks (status 'pending') in one transaction; returns the picks' ids. */
  startRound(round: NewRound, picks: readonly NewCandidate[]): number[];
  markTrained(id: number, update: TrainedUpdate): void;
  markFailed(id: number, error: string): void;
  /** A runoff finalist's second pass: its accuracy after it, and its weights replacing the first pass's. */
  markRunoff(id: number, update: TrainedUpdate): void;
  /** A device's measured peak for a trained candidate. */
  setMeasured(id: number, bytes: number): void;
  /**
   * A device's measured latency for a trained candidate (replacing its prediction). Optional: a
   * store without it records no latency, and its candidates count as not measured.
   */
  setLatency?(id: number, latency: LatencyFigures): void;
  finishRound(round: number, outcome: RoundOutcome): void;
  /** Trained weights of a candidate; null when it has none. */
  weights(id: number): ArchitectureWeights | null;
}

/** The rounds after `finishRound(round, o)`: what every store's in-memory view must show. */
export function withRoundFinished(
  rounds: readonly RoundRecord[],
  round: number,
  o: RoundOutcome,
): RoundRecord[] {
  return rounds.map((r) =>
    r.round === round
      ? { ...r, done: true, nextParentId: o.nextParentId, improved: o.improved, quality: o.quality }
      : r,
  );
}
