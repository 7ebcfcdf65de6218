// Training one architecture from a frozen config: load and check the dataset, train, score the
// test split once (for the report, never for selection), and write weights.bin and train.json.
// cli/commands/train.ts parses the flags into the config and prints the result.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Architecture } from '../../search/architecture/types.ts';
import { encodeWeights } from '../../search/architecture/weights-file.ts';
import { MemnasError } from '../../search/errors.ts';
import type { BackendPreference } from '../../trainer/backend/index.ts';
import type { LossPoint, TrainOptions, TrainResult } from '../../trainer/contract.ts';
import { loadDataset } from '../../trainer/data/load-dataset.ts';
import { buildModel } from '../../trainer/model/build-model.ts';
import { evaluate } from '../../trainer/train/evaluate.ts';
import { createLocalTrainer, type TrainHooks } from '../../trainer/train/local-trainer.ts';
import { datasetSpecFromArg } from '../dataset-arg.ts';
import { writeFileAtomic } from '../write-atomic.ts';

export interface TrainConfig {
  readonly arch: Architecture;
  /** The architecture file as the user named it (recorded in train.json). */
  readonly architecturePath: string;
  /** --dataset as the user gave it. */
  readonly dataset: string;
  readonly seed: number;
  readonly backend: BackendPreference;
  readonly options: TrainOptions;
  readonly outDir: string;
}

/** What train.json holds (and `memnas train --json` prints). */
export interface TrainSummary {
  readonly architecture: string;
  readonly backend: TrainResult['backend'];
  readonly validationAccuracy: number;
  readonly validationLoss: number;
  readonly testAccuracy?: number;
  readonly imagesSeen: number;
  readonly seconds: number;
  readonly weights: string;
  readonly lossCurve: readonly LossPoint[];
}

/** Where training stands after a step; `epoch` counts passes over the training split (fractional). */
export interface TrainProgress {
  readonly step: number;
  readonly epoch: number;
  readonly images: number;
  /** The step's training loss (cross-entropy of its minibatch). */
  readonly loss: number;
  readonly imagesPerSecond: number;
  readonly seconds: number;
}

export interface TrainIo {
  readonly log: (line: string) => void;
  /** Called after every step; the caller decides how often to show it. */
  readonly progress?: (p: TrainProgress) => void;
}

export async function trainArchitecture(c: TrainConfig, io: TrainIo): Promise<TrainSummary> {
  const { log } = io;
  const { arch } = c;
  try {
    mkdirSync(c.outDir, { recursive: true });
  } catch (e) {
    throw new MemnasError(
      'FILE_UNWRITABLE',
      `cannot create ${c.outDir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  const data = await loadDataset(datasetSpecFromArg(c.dataset, c.seed));
  if (data.classes !== arch.classes) {
    throw new MemnasError(
      'ARCH_SHAPE_MISMATCH',
      `${arch.name} has ${arch.classes} classes but the dataset has ${data.classes}`,
    );
  }
  const trainer = createLocalTrainer({ backend: c.backend });
  log(`training ${arch.name} on ${data.train.count} images (validation ${data.validation.count})…`);
  const result = await trainer.trainWithHooks(arch, data, c.options, progressHooks(io, data.train.count));
  let testAccuracy: number | undefined;
  if (data.test !== undefined) {
    const model = buildModel(arch, { weights: result.weights });
    testAccuracy = evaluate(model, data.test).accuracy;
    model.dispose();
  }
  const weightsPath = join(c.outDir, 'weights.bin');
  writeFileAtomic(weightsPath, encodeWeights(result.weights));
  const summary: TrainSummary = {
    architecture: c.architecturePath,
    backend: result.backend,
    validationAccuracy: result.validationAccuracy,
    validationLoss: result.validationLoss,
    ...(testAccuracy === undefined ? {} : { testAccuracy }),
    imagesSeen: result.imagesSeen,
    seconds: result.seconds,
    weights: weightsPath,
    lossCurve: result.lossCurve,
  };
  writeFileAtomic(join(c.outDir, 'train.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

/** Step hooks that turn each optimizer step into TrainProgress. */
function progressHooks(io: TrainIo, trainCount: number): TrainHooks {
  const report = io.progress;
  if (report === undefined) return {};
  const started = performance.now();
  return {
    onStep: (step, loss, images) => {
      const seconds = (performance.now() - started) / 1000;
      const imagesPerSecond = seconds > 0 ? images / seconds : 0;
      report({ step, epoch: images / trainCount, images, loss, imagesPerSecond, seconds });
    },
  };
}
