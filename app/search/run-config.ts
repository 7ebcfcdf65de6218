// The run's settings, saved in its database on the first start so `--resume` continues with
// exactly the same search (flags given to a resume may only extend the time budget).
import { MemnasError } from '../../search/errors.ts';
import type { DatasetSpec } from '../../trainer/data/spec.ts';
import type { ObjectiveName } from '../../search/objective/types.ts';
import { DEFAULTS, type PickerName } from './config.ts';

/** 2: weight inheritance, the objective and the picker (version 1 runs trained every child from scratch under the paper's objective). */
export const RUN_CONFIG_VERSION = 2;

export interface RunConfig {
  readonly version: typeof RUN_CONFIG_VERSION;
  /** --dataset as the user gave it. */
  readonly dataset: string;
  readonly memoryBudgetBytes: number;
  /**
   * Hard limit on the device's batch-1 p50, milliseconds, and its weight in the objective; absent
   * in runs without --latency-budget (and in every run stored before it existed).
   */
  readonly latencyBudgetMs?: number;
  readonly latencyWeight?: number;
  readonly lambda: number;
  readonly objective: ObjectiveName;
  readonly picker: PickerName;
  readonly device: string | null;
  /** The coordinator --device went through (absent for 'local', no device, and older runs). */
  readonly coordinator?: string;
  /** Set when candidates train on a Redis queue (--queue): the id naming the run's jobs there. */
  readonly queue?: { readonly runId: string };
  readonly seed: number;
  readonly width: number;
  readonly stem: number;
  /** Stride of the stem conv; absent in runs made before it existed (they used 1). */
  readonly stemStride?: 1 | 2;
  readonly seedSize: number;
  readonly k: number;
  readonly maxCells: number;
  /** null: the search stops only on time, cells or exhausted children. */
  readonly patience: number | null;
  /** Children in each round's runoff beside the baseline; 0 in runs stored before it existed. */
  readonly runoff: number;
  /** Training images per seed candidate, from scratch (one pass over a fixed subset). */
  readonly candidateImages: number;
  /** Training images per child, fine-tuning from the weights it inherits from its parent. */
  readonly childImages: number;
  /** Training images of a runoff finalist's second pass; runs stored before it existed used childImages. */
  readonly runoffImages: number;
  /** Validation images candidates are scored on during search. */
  readonly validationImages: number;
  readonly input: { readonly shape: readonly [number, number, number]; readonly classes: number };
}

export function parseRunConfig(raw: unknown, where: string): RunConfig {
  const c = raw as Partial<RunConfig> | null;
  if (c !== null && typeof c === 'object' && (c.version as number) === 1)
    throw new MemnasError(
      'RUN_INCOMPATIBLE',
      `${where} was searched by an earlier memnas (run format 1: children trained from scratch under the paper's objective) and cannot be continued with weight inheritance; its results stay where they are — start a new search with another --out`,
    );
  if (
    c === null ||
    typeof c !== 'object' ||
    c.version !== RUN_CONFIG_VERSION ||
    typeof c.dataset !== 'string' ||
    typeof c.memoryBudgetBytes !== 'number'
  ) {
    throw new MemnasError('FILE_UNREADABLE', `${where} holds no search settings this memnas can resume`);
  }
  // Every version-2 run saved these; a hand-made or trimmed one resumes with today's defaults.
  return {
    ...c,
    patience: typeof c.patience === 'number' || c.patience === null ? c.patience : DEFAULTS.patience,
    maxCells: typeof c.maxCells === 'number' ? c.maxCells : DEFAULTS.maxCells,
    // A run saved before the runoff existed chose by the first pass: it resumes as it ran.
    runoff: typeof c.runoff === 'number' ? c.runoff : 0,
    runoffImages: typeof c.runoffImages === 'number' ? c.runoffImages : c.childImages,
  } as RunConfig;
}

/**
 * The dataset spec search candidates train on: the whole training split (each round draws its
 * own images from it, so a lineage of fine-tunings keeps seeing new ones) and a fixed validation
 * subset sized by the plan, the same for every candidate.
 */
export function candidateSpec(base: DatasetSpec, c: RunConfig): DatasetSpec {
  return { ...base, limit: { validation: c.validationImages } };
}
