// The final training every compared model gets alike (`memnas train … --json`: the proxy-fidelity
// and λ-sweep benches), and reading its JSON output. Pure: arguments out, parsed figures in.
import { MemnasError } from '../../search/errors.ts';

/** How long each model trains: the same wall-clock seconds, or the same passes over the data. */
export type TrainBudget = { readonly seconds: number } | { readonly epochs: number };

export interface TrainSettings {
  readonly dataset: string;
  readonly budget: TrainBudget;
  /** The search's final batch size (cli/commands/search.ts FINAL_BATCH_SIZE). */
  readonly batchSize: number;
  readonly seed: number;
}

export interface TrainFigures {
  readonly testAccuracy: number;
  readonly validationAccuracy: number;
  readonly seconds: number;
  readonly imagesSeen: number;
}

export function trainArgs(architecture: string, s: TrainSettings, outDir: string): string[] {
  return [
    'train',
    architecture,
    '--dataset',
    s.dataset,
    ...('seconds' in s.budget
      ? ['--seconds', String(s.budget.seconds)]
      : ['--epochs', String(s.budget.epochs)]),
    '--batch-size',
    String(s.batchSize),
    '--seed',
    String(s.seed),
    '--out',
    outDir,
    '--json',
  ];
}

/** `memnas train --json` output (or its train.json); throws when it has no test accuracy. */
export function parseTrainOutput(text: string, where: string): TrainFigures {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new MemnasError('FILE_UNREADABLE', `${where} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const r = (raw ?? {}) as Partial<Record<keyof TrainFigures, unknown>>;
  const num = (k: keyof TrainFigures): number => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new MemnasError('FILE_UNREADABLE', `${where} has no ${k}`);
    return v;
  };
  return {
    testAccuracy: num('testAccuracy'),
    validationAccuracy: num('validationAccuracy'),
    seconds: num('seconds'),
    imagesSeen: num('imagesSeen'),
  };
}
