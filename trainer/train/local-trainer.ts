// The in-process Trainer: initialises the chosen backend once, then for each call builds the
// model from the architecture, trains it, scores it on the validation split and returns the
// trained weights. Workers in trainer/jobs/ run this same implementation.

import type { Architecture } from '../../search/architecture/types.ts';
import { MemnasError, isMemnasError } from '../../search/errors.ts';
import { initBackend } from '../backend/index.ts';
import type { BackendOptions, BackendPreference } from '../backend/index.ts';
import type { DatasetSplits, Trainer, TrainOptions, TrainResult } from '../contract.ts';
import { buildModel } from '../model/build-model.ts';
import { evaluate } from './evaluate.ts';
import { resolveOptions } from './options.ts';
import { trainModel } from './train-model.ts';
import type { TrainHooks } from './train-model.ts';

export type { TrainHooks };

export interface LocalTrainerOptions {
  /** Default 'auto' (tfjs-node, else wasm, else cpu). */
  readonly backend?: BackendPreference;
  /** Passed to initBackend (threads default 1). */
  readonly backendOptions?: BackendOptions;
}

export function createLocalTrainer(
  config: LocalTrainerOptions = {},
): Trainer & { trainWithHooks: TrainWithHooks } {
  const trainWithHooks: TrainWithHooks = async (arch, data, options = {}, hooks = {}) => {
    const started = performance.now();
    const backend = await initBackend(config.backend ?? 'auto', config.backendOptions ?? {});
    const o = resolveOptions(options);
    checkData(arch, data);
    const model = buildModel(arch, {
      seed: o.seed,
      batchNormMomentum: o.batchNormMomentum,
      ...(options.initialWeights === undefined ? {} : { initialWeights: options.initialWeights }),
    });
    try {
      const loop = trainModel(model, data, o, hooks);
      const score = evaluate(model, data.validation, o.evalBatchSize);
      return {
        validationAccuracy: score.accuracy,
        validationLoss: score.loss,
        lossCurve: loop.lossCurve,
        imagesSeen: loop.imagesSeen,
        seconds: (performance.now() - started) / 1000,
        backend: backend.name,
        weights: model.getWeights(),
      };
    } catch (e) {
      if (isMemnasError(e)) throw e;
      throw new MemnasError('TRAINING_FAILED', `training ${arch.name} failed: ${(e as Error).message}`, {
        cause: e,
      });
    } finally {
      model.dispose();
    }
  };
  return { train: (arch, data, options) => trainWithHooks(arch, data, options), trainWithHooks };
}

export type TrainWithHooks = (
  arch: Architecture,
  data: DatasetSplits,
  options?: TrainOptions,
  hooks?: TrainHooks,
) => Promise<TrainResult>;

function checkData(arch: Architecture, data: DatasetSplits): void {
  const want = arch.input.shape.join('×');
  for (const [name, set] of [
    ['train', data.train],
    ['validation', data.validation],
  ] as const) {
    if (set.shape.join('×') !== want) {
      throw new MemnasError(
        'ARCH_SHAPE_MISMATCH',
        `${arch.name} takes ${want} images but the ${name} split holds ${set.shape.join('×')}`,
      );
    }
    let top = 0;
    for (const label of set.labels) top = Math.max(top, label);
    if (top >= arch.classes)
      throw new MemnasError(
        'DATASET_INVALID',
        `the ${name} split has label ${top} but ${arch.name} has ${arch.classes} classes`,
      );
  }
  if (data.train.count === 0) throw new MemnasError('DATASET_INVALID', 'the training split is empty');
}
