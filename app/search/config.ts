// The settings a search run takes, parsed once by the CLI (cli/search/options.ts) and frozen,
// with their documented defaults.
import { DEFAULT_OBJECTIVE } from '../../search/objective/all-objectives.ts';
import { DEFAULT_LATENCY_WEIGHT } from '../../search/objective/latency-term.ts';
import type { ObjectiveName } from '../../search/objective/types.ts';

/** How each round's candidates are chosen for training: the controller's ranking, or at random (the baseline). */
export type PickerName = 'controller' | 'random';
export const PICKERS: readonly PickerName[] = ['controller', 'random'];

export const DEFAULTS = {
  /** 300 KB, as --memory-budget takes it (decimal units). */
  memoryBudgetBytes: 300_000,
  lambda: 0.5,
  /** A short, useful search on a 2-core machine. */
  timeBudgetSeconds: 240,
  objective: DEFAULT_OBJECTIVE,
  picker: 'controller' as PickerName,
  /**
   * Rounds without a better parent before the search stops; null: none. A round the baseline wins
   * still trains the parent further and tries K−1 more of its children, so the search spends its
   * share of the time budget and every run, whatever it picks, final-trains for the planned share.
   */
  patience: null as number | null,
  /**
   * Children of a round that go to its runoff beside the baseline (search/loop/runoff.ts): the
   * round chooses among them after one more pass each. 0: the first pass decides.
   */
  runoff: 2,
  /** Cells per block at which the search stops (the published search ended at 6). */
  maxCells: 6,
  /** --latency-weight: the latency budget is worth as much as the memory budget. */
  latencyWeight: DEFAULT_LATENCY_WEIGHT,
} as const;

/**
 * Search settings a new run plans from its budgets unless given (--k, --seed-size,
 * --proxy-images, --patience, --runoff, --max-cells); a resumed run keeps the ones it saved.
 */
export interface SearchTuning {
  readonly k: number | undefined;
  readonly seedSize: number | undefined;
  /** Training images per candidate (a seed from scratch, a child fine-tuning). */
  readonly proxyImages: number | undefined;
  readonly patience: number | undefined;
  /** --runoff: children trained a second pass beside the baseline before a round chooses. */
  readonly runoff: number | undefined;
  readonly maxCells: number | undefined;
}

export interface SearchOptions {
  readonly dataset: string | undefined;
  readonly memoryBudgetBytes: number | undefined;
  /** --latency-budget: hard limit on the device's batch-1 p50, milliseconds (needs --device). */
  readonly latencyBudgetMs: number | undefined;
  /** --latency-weight: the latency term's weight in the objective (with --latency-budget). */
  readonly latencyWeight: number | undefined;
  readonly lambda: number | undefined;
  readonly objective: ObjectiveName | undefined;
  readonly picker: PickerName | undefined;
  /** 'local' profiles on this machine; any other name goes through the coordinator. */
  readonly device: string | undefined;
  readonly timeBudgetSeconds: number | undefined;
  readonly out: string | undefined;
  readonly resume: boolean;
  /** Print the run's summary.json on stdout instead of the three result lines. */
  readonly json: boolean;
  readonly seed: number | undefined;
  readonly workers: number | undefined;
  readonly coordinator: string | undefined;
  readonly token: string | undefined;
  /** --queue: train candidates on `memnas worker`s through this Redis (BullMQ) instead of local processes. */
  readonly queue: string | undefined;
  /** --worker-wait: with --queue, seconds jobs may wait with no worker alive before the search stops (default 600). */
  readonly workerWaitSeconds: number | undefined;
  readonly tuning: SearchTuning;
}
