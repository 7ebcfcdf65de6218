// `memnas train`: parses the flags (declared in cli/specs/train.ts) into a frozen TrainConfig,
// trains with app/train/train.ts, and prints the result.
import { join } from 'node:path';
import { type TrainConfig, trainArchitecture } from '../../app/train/train.ts';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import type { ArchitectureWeights } from '../../search/architecture/weights.ts';
import { checkWeights, decodeWeights } from '../../search/architecture/weights-file.ts';
import { MemnasError } from '../../search/errors.ts';
import type { BackendPreference } from '../../trainer/backend/index.ts';
import type { TrainBudget, TrainOptions } from '../../trainer/contract.ts';
import { nonNegativeInt, parseFlags, positiveInt } from '../args.ts';
import { synopsis } from '../flags.ts';
import { parseJson, readBytes } from '../../app/read-input.ts';
import { TRAIN_BACKENDS, trainSpec } from '../specs/train.ts';
import { createTrainProgress } from '../train/progress.ts';

type Values = ReturnType<typeof parseFlags<typeof trainSpec.flags>>['values'];

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n))
    throw new MemnasError('USAGE', `${flag} takes a positive number, got '${value}'`);
  return n;
}

const withWeights = (w: ArchitectureWeights | undefined): Partial<TrainOptions> =>
  w === undefined ? {} : { initialWeights: w };

/** --weights: the whole set, checked against the architecture before any training. */
function startWeights(values: Values, arch: Architecture): ArchitectureWeights | undefined {
  if (values.weights === undefined) return undefined;
  const weights = decodeWeights(readBytes(values.weights), values.weights);
  checkWeights(arch, weights);
  return weights;
}

function trainOptions(values: Values, seed: number): TrainOptions {
  const epochs = positiveNumber(values.epochs, '--epochs');
  const seconds = positiveNumber(values.seconds, '--seconds');
  const images = positiveNumber(values.images, '--images');
  const budget: TrainBudget = {
    ...(epochs === undefined ? {} : { epochs }),
    ...(seconds === undefined ? {} : { seconds }),
    ...(images === undefined ? {} : { images }),
  };
  const lr = positiveNumber(values.lr, '--lr');
  const wd = values['weight-decay'] === undefined ? undefined : Number(values['weight-decay']);
  if (wd !== undefined && !(wd >= 0))
    throw new MemnasError('USAGE', `--weight-decay takes a number ≥ 0, got '${values['weight-decay']}'`);
  return {
    budget: Object.keys(budget).length > 0 ? budget : { epochs: 1 },
    seed,
    ...(values['batch-size'] === undefined
      ? {}
      : { batchSize: positiveInt(values['batch-size'], '--batch-size', 128) }),
    ...(values.optimizer === undefined ? {} : { optimizer: values.optimizer as 'adam' | 'sgd' }),
    ...(lr === undefined ? {} : { learningRate: lr }),
    ...(wd === undefined ? {} : { weightDecay: wd }),
  };
}

export function parseTrainConfig(argv: readonly string[]): TrainConfig & { readonly json: boolean } {
  const { values, positionals } = parseFlags(argv, trainSpec);
  if (positionals.length !== 1)
    throw new MemnasError('USAGE', `expected one architecture file (usage: ${synopsis(trainSpec)})`);
  const path = positionals[0]!;
  const arch = parseArchitecture(parseJson(readBytes(path), path));
  const backend = values.backend ?? 'auto';
  if (!(TRAIN_BACKENDS as readonly string[]).includes(backend))
    throw new MemnasError('USAGE', `--backend takes one of ${TRAIN_BACKENDS.join(', ')}, got '${backend}'`);
  if (values.optimizer !== undefined && values.optimizer !== 'adam' && values.optimizer !== 'sgd') {
    throw new MemnasError('USAGE', `--optimizer takes adam or sgd, got '${values.optimizer}'`);
  }
  const seed = nonNegativeInt(values.seed, '--seed', 0);
  return Object.freeze({
    arch,
    architecturePath: path,
    dataset: values.dataset ?? 'fashion-mnist',
    seed,
    backend: backend as BackendPreference,
    options: { ...trainOptions(values, seed), ...withWeights(startWeights(values, arch)) },
    outDir: values.out ?? join('runs', `train-${arch.name}`),
    json: values.json === true,
  });
}

export async function runTrain(argv: readonly string[]): Promise<number> {
  const c = parseTrainConfig(argv);
  const log = c.json ? () => undefined : (line: string) => console.error(line);
  // Progress goes to stderr, off with --json (whose stdout is the result and whose stderr stays quiet).
  const view = c.json ? undefined : createTrainProgress(process.stderr);
  let summary;
  try {
    summary = await trainArchitecture(c, { log, ...(view ? { progress: (p) => view.step(p) } : {}) });
  } finally {
    view?.end();
  }
  if (c.json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
    const { testAccuracy } = summary;
    console.log(
      `${c.arch.name}: validation ${pct(summary.validationAccuracy)}${testAccuracy === undefined ? '' : `, test ${pct(testAccuracy)}`}`,
    );
    console.log(
      `${summary.imagesSeen} images in ${summary.seconds.toFixed(1)} s on ${summary.backend} (${(summary.imagesSeen / summary.seconds).toFixed(0)} img/s)`,
    );
    console.log(`weights: ${summary.weights}`);
  }
  return 0;
}
