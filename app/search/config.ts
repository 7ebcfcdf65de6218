// The settings a search run takes, parsed once by the CLI (cli/search/options.ts) and frozen,
// with their documented defaults.
import { DEFAULT_OBJECTIVE } from '../../search/objective/all-objectives.ts';
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
} as const;

export interface SearchOptions {
  readonly dataset: string | undefined;
  readonly memoryBudgetBytes: number | undefined;
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
}
