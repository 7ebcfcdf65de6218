// The persistence contract of a search run (implemented by store/sqlite-store.ts). Every write
// is durable when the call returns, so a killed run loses nothing it was told about.
import type { ArchitectureWeights } from '../architecture/weights.ts';
import type { CandidateRecord, MemoryFigures, RankingQuality, RoundRecord } from './types.ts';

export type NewCandidate = Omit<
  CandidateRecord,
  'id' | 'status' | 'validationAccuracy' | 'metric' | 'measuredBytes' | 'trainSeconds' | 'error'
>;

export interface TrainedUpdate {
  readonly validationAccuracy: number;
  readonly trainSeconds: number;
  readonly weights: ArchitectureWeights;
  readonly measuredBytes: number | null;
}

export interface SearchStore {
  candidates(): CandidateRecord[];
  rounds(): RoundRecord[];
  /** Inserts the candidates and the round that picked them in one transaction; returns their ids. */
  startRound(round: Omit<RoundRecord, 'picks' | 'done' | 'nextParentId' | 'improved' | 'quality'>, picks: readonly NewCandidate[]): number[];
  markTrained(id: number, update: TrainedUpdate): void;
  markFailed(id: number, error: string): void;
  /** Records every candidate's metric and the round's outcome. */
  finishRound(round: number, outcome: { metrics: ReadonlyMap<number, number>; nextParentId: number | null; improved: boolean; quality: RankingQuality | null }): void;
  weights(id: number): ArchitectureWeights | null;
  /** Replaces a candidate's memory figures (e.g. after a device measured it). */
  updateMemory?(id: number, memory: MemoryFigures): void;
}
