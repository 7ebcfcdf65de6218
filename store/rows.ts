// Database rows ↔ the loop's records.
import type { Genotype } from '../search/space/genotype.ts';
import type { Mutation } from '../search/space/grow-trim.ts';
import type {
  CandidateRecord,
  CandidateStatus,
  LatencyFigures,
  MemoryFigures,
  RankingQuality,
  RoundRecord,
} from '../search/loop/types.ts';

export interface CandidateRow {
  id: number;
  key: string;
  round: number;
  parent_id: number | null;
  genotype: string;
  mutation: string;
  param_bytes: number;
  peak_activation_bytes: number;
  total_bytes: number;
  memory_source: string;
  controller_score: number | null;
  inherited_from: number | null;
  latency_ms: number | null;
  latency_source: string | null;
  status: string;
  validation_accuracy: number | null;
  runoff_accuracy: number | null;
  metric: number | null;
  measured_bytes: number | null;
  train_seconds: number | null;
  error: string | null;
}

export interface RoundRow {
  round: number;
  parent_id: number | null;
  picker: string;
  proposed: number;
  over_budget: number;
  picks: string;
  done: number;
  next_parent_id: number | null;
  improved: number;
  quality: string | null;
}

export function rowToCandidate(r: CandidateRow): CandidateRecord {
  return {
    id: r.id,
    key: r.key,
    round: r.round,
    parentId: r.parent_id,
    genotype: JSON.parse(r.genotype) as Genotype,
    mutation: JSON.parse(r.mutation) as Mutation,
    memory: {
      paramBytes: r.param_bytes,
      peakActivationBytes: r.peak_activation_bytes,
      totalBytes: r.total_bytes,
      source: r.memory_source as MemoryFigures['source'],
    },
    controllerScore: r.controller_score,
    inheritedFrom: r.inherited_from ?? null,
    status: r.status as CandidateStatus,
    validationAccuracy: r.validation_accuracy,
    ...(r.runoff_accuracy === null ? {} : { runoffAccuracy: r.runoff_accuracy }),
    metric: r.metric,
    measuredBytes: r.measured_bytes,
    trainSeconds: r.train_seconds,
    error: r.error,
    ...(r.latency_ms === null || r.latency_source === null
      ? {}
      : { latency: { ms: r.latency_ms, source: r.latency_source as LatencyFigures['source'] } }),
  };
}

export function rowToRound(r: RoundRow): RoundRecord {
  return {
    round: r.round,
    parentId: r.parent_id,
    picker: r.picker as RoundRecord['picker'],
    proposed: r.proposed,
    overBudget: r.over_budget,
    picks: JSON.parse(r.picks) as number[],
    done: r.done === 1,
    nextParentId: r.next_parent_id,
    improved: r.improved === 1,
    quality: r.quality === null ? null : (JSON.parse(r.quality) as RankingQuality),
  };
}
