// What the grow-trim loop is given (its settings and the contracts it runs against) and what it
// returns. run-loop.ts drives it; app/search/ fills these in.
import type { Clock } from './clock.ts';
import type { Controller } from '../controller/contract.ts';
import type { LoopEvent, StopReason } from './events.ts';
import type { MemoryOracle } from './memory-oracle.ts';
import type { SpaceInput } from '../space/build.ts';
import type { SearchStore } from './store.ts';
import type { CandidateTrainer } from './trainer.ts';
import type { LatencyTerm, Objective } from '../objective/types.ts';

export interface LoopConfig {
  /** λ: accuracy against memory, as the objective reads it. */
  readonly lambda: number;
  /** How a trained candidate scores against its parent (search/objective/). */
  readonly objective: Objective;
  /** Children start from their parent's trained weights (weight inheritance); seeds from scratch. */
  readonly inherit: boolean;
  /** Hard limit on total memory, bytes. */
  readonly memoryBudgetBytes: number;
  /**
   * Hard limit on the device's batch-1 p50, milliseconds, and its weight in the objective; absent:
   * latency is recorded (when the oracle has it) but neither limits nor scores.
   */
  readonly latency?: LatencyTerm;
  readonly space: SpaceInput;
  /** First-block cell width and stem channels of every candidate. */
  readonly width: number;
  readonly stem: number;
  /** Stride of the stem conv (absent: 1). */
  readonly stemStride?: 1 | 2;
  /** Seed networks trained in round 0. */
  readonly seedSize: number;
  /** Most candidates trained per later round. */
  readonly k: number;
  /** Stop once the parent has this many cells per block (the published search ended at 6). */
  readonly maxCells: number;
  /** Children that go to the round's runoff (runoff.ts) beside the baseline; 0: none. */
  readonly runoff: number;
  /** A runoff pass's length in first passes (its images over a child's; absent: 1). */
  readonly runoffLength?: number;
  /** Stop after this many rounds in a row without a better parent; null: never for that reason. */
  readonly patience: number | null;
  /** Rounds picked without the controller (METHOD §2: the first two). */
  readonly controllerFreeRounds: number;
  /** Seeds the controller-free picks. */
  readonly seed: number;
  /** Clock time (ms) after which no new training starts. */
  readonly deadline: number;
  /** First guess of one candidate's training seconds, until some have trained. */
  readonly candidateSeconds: number;
}

export interface LoopDeps {
  readonly store: SearchStore;
  readonly trainer: CandidateTrainer;
  readonly oracle: MemoryOracle;
  /** Without one, every round picks at random (recorded as picker 'random'). */
  readonly controller?: Pick<Controller, 'fit' | 'score'>;
  readonly clock: Clock;
  readonly onEvent?: (e: LoopEvent) => void;
}

export interface LoopResult {
  readonly stopReason: StopReason;
  /** Rounds finished. */
  readonly rounds: number;
  /** The last parent: the search's choice. */
  readonly parentId: number;
}
