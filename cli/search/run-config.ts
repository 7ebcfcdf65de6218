// The run's settings, saved in its database on the first start so `--resume` continues with
// exactly the same search (flags given to a resume may only extend the time budget).
import { MemnasError } from '../../search/errors.ts';
import type { DatasetSpec } from '../../trainer/data/spec.ts';

export interface RunConfig {
  readonly version: 1;
  /** --dataset as the user gave it. */
  readonly dataset: string;
  readonly memoryBudgetBytes: number;
  readonly lambda: number;
  readonly device: string | null;
  readonly seed: number;
  readonly width: number;
  readonly stem: number;
  /** Stride of the stem conv; absent in runs made before it existed (they used 1). */
  readonly stemStride?: 1 | 2;
  readonly seedSize: number;
  readonly k: number;
  readonly maxCells: number;
  readonly patience: number;
  /** Training images per search candidate (one pass over a fixed subset). */
  readonly candidateImages: number;
  /** Validation images candidates are scored on during search. */
  readonly validationImages: number;
  readonly input: { readonly shape: readonly [number, number, number]; readonly classes: number };
}

export function parseRunConfig(raw: unknown, where: string): RunConfig {
  const c = raw as Partial<RunConfig> | null;
  if (
    c === null ||
    typeof c !== 'object' ||
    c.version !== 1 ||
    typeof c.dataset !== 'string' ||
    typeof c.memoryBudgetBytes !== 'number'
  ) {
    throw new MemnasError('FILE_UNREADABLE', `${where} holds no search settings this memnas can resume`);
  }
  return c as RunConfig;
}

/** The dataset spec search candidates train on: fixed subsets sized by the plan. */
export function candidateSpec(base: DatasetSpec, c: RunConfig): DatasetSpec {
  return { ...base, limit: { train: c.candidateImages, validation: c.validationImages } };
}
