// What `npm run bench:lambda-sweep` runs: one `memnas search` per λ on the same dataset, budgets
// and seed, each in its own folder, then every winner trained again alike (`memnas train`, the same
// epochs and batch size) once per training seed. Pure.
import { join } from 'node:path';
import { MemnasError } from '../../search/errors.ts';
import { benchSearchArgs, type SearchBudgets } from '../search-run-args.ts';

export interface SweepSettings extends SearchBudgets {
  /** The search's seed, the same for every λ. */
  readonly seed: number;
  readonly lambdas: readonly number[];
}

export interface SweepRun {
  readonly lambda: number;
  readonly dir: string;
}

/** '0.2,0.5,0.8' → [0.2, 0.5, 0.8]: distinct numbers in [0, 1], in increasing order, at least two. */
export function parseLambdas(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  const ordered = values.every((v, i) => i === 0 || v > values[i - 1]!);
  if (parts.length < 2 || parts.some((s) => s === '') || values.some((v) => !(v >= 0 && v <= 1)) || !ordered)
    throw new MemnasError(
      'USAGE',
      `--lambdas takes two or more increasing numbers in [0, 1] like 0.2,0.5,0.8, got '${text}'`,
    );
  return values;
}

export function planSweep(lambdas: readonly number[], root: string): SweepRun[] {
  return lambdas.map((lambda) => ({ lambda, dir: join(root, `lambda-${lambda}`) }));
}

/** The `memnas search` arguments of one λ; `resume` continues a run killed before it finished. */
export function sweepSearchArgs(run: SweepRun, s: SweepSettings, resume: boolean): string[] {
  const varied = ['--lambda', String(run.lambda)];
  return benchSearchArgs(s, { seed: s.seed, dir: run.dir, varied }, resume);
}

/** What a summary.json says about how its run was made (fields absent in older runs). */
export interface SweepRunIdentity {
  readonly lambda?: unknown;
  readonly memoryBudgetBytes?: unknown;
  readonly settings?: { readonly seed?: unknown };
}

/** Why a finished run found in the sweep's folder cannot stand for `run`, or null when it can. */
export function sweepReuseMismatch(
  s: SweepRunIdentity,
  run: SweepRun,
  seed: number,
  budgetBytes: number,
): string | null {
  const why: string[] = [];
  if (s.lambda !== undefined && s.lambda !== run.lambda) why.push(`λ ${String(s.lambda)}`);
  const runSeed = s.settings?.seed;
  if (runSeed !== undefined && runSeed !== seed) why.push(`seed ${String(runSeed)}`);
  if (s.memoryBudgetBytes !== undefined && s.memoryBudgetBytes !== budgetBytes)
    why.push(`memory budget ${String(s.memoryBudgetBytes)} B`);
  return why.length === 0
    ? null
    : `${run.dir} holds a run with ${why.join(', ')}, not λ ${run.lambda} / seed ${seed} / ${budgetBytes} B`;
}
