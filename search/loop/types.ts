// The records the search loop reads and writes: candidates with their lineage, memory figures
// and training results, and rounds with their parent and picks. Plain data, so any store (SQLite,
// in-memory for tests) can hold them and a resumed run sees exactly what the killed one saw.
import type { Genotype } from '../space/genotype.ts';
import type { Mutation } from '../space/grow-trim.ts';

/** Memory of one candidate, bytes, fp32, batch 1. */
export interface MemoryFigures {
  readonly paramBytes: number;
  /** Peak of the live feature maps. */
  readonly peakActivationBytes: number;
  readonly totalBytes: number;
  /** 'analytic' (the memory model) or 'device' (a device's calibrated prediction). */
  readonly source: 'analytic' | 'device';
}

/** A candidate's batch-1 p50 latency on the device: measured after training, else predicted. */
export interface LatencyFigures {
  readonly ms: number;
  readonly source: 'measured' | 'predicted';
}

export type CandidateStatus = 'pending' | 'trained' | 'failed';

export interface CandidateRecord {
  /** Store-assigned, unique within a run, stable across resumes. */
  readonly id: number;
  /** genotypeKey: equal keys are equal networks. */
  readonly key: string;
  readonly round: number;
  /** Id of the parent it was grown or trimmed from; null in the seed round. */
  readonly parentId: number | null;
  readonly genotype: Genotype;
  readonly mutation: Mutation;
  readonly memory: MemoryFigures;
  /**
   * The candidate whose trained weights this one started from (its parent; weight inheritance),
   * or null when it trained from scratch (seeds, and runs made before inheritance).
   */
  readonly inheritedFrom: number | null;
  /** The controller's score when it ranked this candidate; null when picked without it. */
  readonly controllerScore: number | null;
  readonly status: CandidateStatus;
  readonly validationAccuracy: number | null;
  /**
   * Validation accuracy after the round's runoff (search/loop/runoff.ts): a finalist trained one
   * more pass from its own weights before the round chose. Absent when it was not a finalist.
   */
  readonly runoffAccuracy?: number;
  /** The run's objective against the round's parent (seed round: against the seeds' mean). */
  readonly metric: number | null;
  /** Peak memory a device measured for the exported model, when one was attached. */
  readonly measuredBytes: number | null;
  /**
   * Its batch-1 p50 on the device: predicted before training, replaced by the measurement after.
   * Absent without a device, and in runs stored before latency was recorded (not measured).
   */
  readonly latency?: LatencyFigures;
  readonly trainSeconds: number | null;
  readonly error: string | null;
}

/** What the loop learns from training one candidate. */
export interface TrainOutcome {
  readonly validationAccuracy: number;
  readonly seconds: number;
}

export interface RankingQuality {
  /** Kendall's tau-b between the controller's scores and the true metric of the trained picks (null when either is constant). */
  readonly kendallTau: number | null;
  /** NDCG@K of the controller's order against the true metric. */
  readonly ndcg: number;
  readonly k: number;
}

export interface RoundRecord {
  readonly round: number;
  /** The parent the round's candidates came from; null for the seed round. */
  readonly parentId: number | null;
  /** Candidate ids chosen for training, in pick order. */
  readonly picks: readonly number[];
  /** How the picks were chosen. */
  readonly picker: 'all' | 'random' | 'controller';
  /** Set once every pick has finished. */
  readonly done: boolean;
  /** The parent for the next round (null: the round found nothing trained). */
  readonly nextParentId: number | null;
  readonly improved: boolean;
  readonly quality: RankingQuality | null;
  /** Candidates proposed before the budget filter, and how many the budgets (memory, predicted latency) removed. */
  readonly proposed: number;
  readonly overBudget: number;
}
