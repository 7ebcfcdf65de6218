// `memnas train`: trains one architecture on a dataset and writes its weights (for `memnas
// export --weights`) and a metrics file; the test split is scored once, at the end, for the report.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { encodeWeights } from '../../search/architecture/weights-file.ts';
import { MemnasError } from '../../search/errors.ts';
import type { BackendPreference } from '../../trainer/backend/index.ts';
import type { TrainBudget, TrainOptions } from '../../trainer/contract.ts';
import { loadDataset } from '../../trainer/data/load-dataset.ts';
import { buildModel } from '../../trainer/model/build-model.ts';
import { evaluate } from '../../trainer/train/evaluate.ts';
import { createLocalTrainer } from '../../trainer/train/local-trainer.ts';
import { nonNegativeInt, parseFlags, positiveInt } from '../args.ts';
import { datasetSpecFromArg } from '../../app/dataset-arg.ts';
import { parseJson, readBytes } from '../read-input.ts';
import { USAGE as USAGES } from './usage.ts';
import { writeFileAtomic } from '../../app/write-atomic.ts';

const USAGE = USAGES.train;
const BACKENDS = ['auto', 'tfjs-node', 'wasm', 'cpu'];

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n))
    throw new MemnasError('USAGE', `${flag} takes a positive number, got '${value}'`);
  return n;
}

export async function runTrain(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      dataset: { type: 'string' },
      epochs: { type: 'string' },
      seconds: { type: 'string' },
      images: { type: 'string' },
      'batch-size': { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      'weight-decay': { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if (positionals.length !== 1)
    throw new MemnasError('USAGE', `expected one architecture file (usage: ${USAGE})`);
  const path = positionals[0]!;
  const arch = parseArchitecture(parseJson(readBytes(path), path));
  const backend = values.backend ?? 'auto';
  if (!BACKENDS.includes(backend))
    throw new MemnasError('USAGE', `--backend takes one of ${BACKENDS.join(', ')}, got '${backend}'`);
  if (values.optimizer !== undefined && values.optimizer !== 'adam' && values.optimizer !== 'sgd') {
    throw new MemnasError('USAGE', `--optimizer takes adam or sgd, got '${values.optimizer}'`);
  }
  const seed = nonNegativeInt(values.seed, '--seed', 0);
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
  const options: TrainOptions = {
    budget: Object.keys(budget).length > 0 ? budget : { epochs: 1 },
    seed,
    ...(values['batch-size'] === undefined
      ? {}
      : { batchSize: positiveInt(values['batch-size'], '--batch-size', 128) }),
    ...(values.optimizer === undefined ? {} : { optimizer: values.optimizer as 'adam' | 'sgd' }),
    ...(lr === undefined ? {} : { learningRate: lr }),
    ...(wd === undefined ? {} : { weightDecay: wd }),
  };
  const outDir = values.out ?? join('runs', `train-${arch.name}`);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new MemnasError(
      'FILE_UNWRITABLE',
      `cannot create ${outDir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }

  const data = await loadDataset(datasetSpecFromArg(values.dataset ?? 'fashion-mnist', seed));
  if (data.classes !== arch.classes) {
    throw new MemnasError(
      'ARCH_SHAPE_MISMATCH',
      `${arch.name} has ${arch.classes} classes but the dataset has ${data.classes}`,
    );
  }
  const trainer = createLocalTrainer({ backend: backend as BackendPreference });
  const log = values.json ? () => undefined : (line: string) => console.error(line);
  log(`training ${arch.name} on ${data.train.count} images (validation ${data.validation.count})…`);
  const result = await trainer.train(arch, data, options);
  let testAccuracy: number | undefined;
  if (data.test !== undefined) {
    const model = buildModel(arch, { weights: result.weights });
    testAccuracy = evaluate(model, data.test).accuracy;
    model.dispose();
  }
  const weightsPath = join(outDir, 'weights.bin');
  writeFileAtomic(weightsPath, encodeWeights(result.weights));
  const summary = {
    architecture: path,
    backend: result.backend,
    validationAccuracy: result.validationAccuracy,
    validationLoss: result.validationLoss,
    ...(testAccuracy === undefined ? {} : { testAccuracy }),
    imagesSeen: result.imagesSeen,
    seconds: result.seconds,
    weights: weightsPath,
    lossCurve: result.lossCurve,
  };
  writeFileAtomic(join(outDir, 'train.json'), JSON.stringify(summary, null, 2) + '\n');
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
    console.log(
      `${arch.name}: validation ${pct(result.validationAccuracy)}${testAccuracy === undefined ? '' : `, test ${pct(testAccuracy)}`}`,
    );
    console.log(
      `${result.imagesSeen} images in ${result.seconds.toFixed(1)} s on ${result.backend} (${(result.imagesSeen / result.seconds).toFixed(0)} img/s)`,
    );
    console.log(`weights: ${weightsPath}`);
  }
  return 0;
}
