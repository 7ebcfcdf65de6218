// What `npm run bench:search-vs-random` runs: for each seed, one search with the controller (the
// default picker) and one with `--picker random`, on the same dataset, budgets and seed, in
// alternating order so neither picker always runs on a cooler (or warmer) machine. Pure.
import { join } from 'node:path';
import { MemnasError } from '../../search/errors.ts';
import { benchSearchArgs, type SearchBudgets } from '../search-run-args.ts';

export type Picker = 'controller' | 'random';

export interface BenchSettings extends SearchBudgets {
  readonly seeds: readonly number[];
}

export interface PlannedRun {
  readonly seed: number;
  readonly picker: Picker;
  readonly dir: string;
}

/** '0,1' → [0, 1]: whole numbers ≥ 0, each once; `flag` names the option in the error. */
export function parseSeeds(text: string, flag = '--seeds'): number[] {
  const seeds = text.split(',').map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s)) || new Set(seeds.map(Number)).size !== seeds.length)
    throw new MemnasError('USAGE', `${flag} takes distinct whole numbers like 0,1, got '${text}'`);
  return seeds.map(Number);
}

/** The runs in order: the controller first on even seed positions, random first on odd ones. */
export function planRuns(seeds: readonly number[], root: string): PlannedRun[] {
  return seeds.flatMap((seed, i) => {
    const order: Picker[] = i % 2 === 0 ? ['controller', 'random'] : ['random', 'controller'];
    return order.map((picker) => ({ seed, picker, dir: join(root, `seed-${seed}`, picker) }));
  });
}

/** The `memnas search` arguments of one run; `resume` continues a run killed before it finished. */
export function searchArgs(run: PlannedRun, s: BenchSettings, resume: boolean): string[] {
  const varied = run.picker === 'random' ? ['--picker', 'random'] : [];
  return benchSearchArgs(s, { seed: run.seed, dir: run.dir, varied }, resume);
}

/** What a summary.json says about how its run was made (fields absent in older runs). */
export interface RunIdentity {
  readonly picker?: unknown;
  readonly timeBudgetSeconds?: unknown;
  readonly settings?: { readonly seed?: unknown; readonly memoryBudgetBytes?: unknown };
}

/** The budgets a comparison's runs share: memory in bytes, time in seconds. */
export interface RunBudgets {
  readonly bytes: number;
  readonly seconds: number;
}

/**
 * Why a finished run found in the run folder cannot stand for `run` (another picker, seed, memory
 * or time budget), or null when it can. Fields the summary lacks are not held against it.
 */
export function reuseMismatch(s: RunIdentity, run: PlannedRun, budgets: RunBudgets): string | null {
  const why: string[] = [];
  if (s.picker !== undefined && s.picker !== run.picker) why.push(`picker ${String(s.picker)}`);
  const seed = s.settings?.seed;
  if (seed !== undefined && seed !== run.seed) why.push(`seed ${String(seed)}`);
  const budget = s.settings?.memoryBudgetBytes;
  if (budget !== undefined && budget !== budgets.bytes) why.push(`memory budget ${String(budget)} B`);
  const seconds = s.timeBudgetSeconds;
  if (seconds !== undefined && seconds !== budgets.seconds) why.push(`time budget ${String(seconds)} s`);
  return why.length === 0
    ? null
    : `${run.dir} holds a run with ${why.join(', ')}, not ${run.picker} / seed ${run.seed} / ${budgets.bytes} B / ${budgets.seconds} s`;
}
