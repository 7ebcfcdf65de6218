// Loads a dataset spec into memory as float images: the training files split by seed into train
// and validation, and the test files kept apart. Search and the Trainer contract only ever see
// `train` and `validation`; `test` is for the final report.

import { MemnasError } from '../../search/errors.ts';
import type { DatasetSplits, ImageSet } from '../contract.ts';
import { FASHION_MNIST_CLASSES, locateFashionMnist } from './fashion-mnist.ts';
import { readImageFolder } from './image-folder.ts';
import { readIdxPair } from './idx-pair.ts';
import type { DatasetSource, DatasetSpec } from './spec.ts';
import { splitBySeed, subset } from './subset.ts';

export interface Dataset extends DatasetSplits {
  /** Held out for final reporting only; undefined when the source has no test files. */
  readonly test: ImageSet | undefined;
  readonly classes: number;
  readonly classNames: readonly string[];
  /** [h, w, c] of one image. */
  readonly inputShape: readonly [number, number, number];
}

export interface RawDataset {
  readonly trainFiles: ImageSet;
  readonly test: ImageSet | undefined;
  readonly classNames: readonly string[];
}

export async function loadDataset(spec: DatasetSpec): Promise<Dataset> {
  const raw = await loadSource(spec.source);
  const classes = raw.classNames.length;
  for (const [name, set] of [
    ['training', raw.trainFiles],
    ['test', raw.test],
  ] as const) {
    if (set === undefined) continue;
    const bad = set.labels.findIndex((l) => l < 0 || l >= classes);
    if (bad >= 0)
      throw new MemnasError(
        'DATASET_INVALID',
        `${name} label ${set.labels[bad]} at index ${bad} is outside the ${classes} classes`,
      );
    if (raw.test !== undefined && set.shape.join('×') !== raw.trainFiles.shape.join('×')) {
      throw new MemnasError(
        'DATASET_INVALID',
        `test images are ${set.shape.join('×')} but training images are ${raw.trainFiles.shape.join('×')}`,
      );
    }
  }
  const fraction = spec.validationFraction ?? 0.1;
  if (!(fraction > 0 && fraction < 1))
    throw new MemnasError('USAGE', `validation fraction must be between 0 and 1, got ${fraction}`);
  const { train, validation } = splitBySeed(raw.trainFiles, fraction, spec.seed ?? 0);
  return {
    train: limit(train, spec.limit?.train),
    validation: limit(validation, spec.limit?.validation),
    test: raw.test === undefined ? undefined : limit(raw.test, spec.limit?.test),
    classes,
    classNames: raw.classNames,
    inputShape: raw.trainFiles.shape,
  };
}

function limit(set: ImageSet, n: number | undefined): ImageSet {
  if (n === undefined || n >= set.count) return set;
  return subset(
    set,
    Int32Array.from({ length: n }, (_, i) => i),
  );
}

export async function loadSource(source: DatasetSource): Promise<RawDataset> {
  switch (source.kind) {
    case 'fashion-mnist': {
      const files = await locateFashionMnist({
        ...(source.path === undefined ? {} : { path: source.path }),
        ...(source.cacheDir === undefined ? {} : { cacheDir: source.cacheDir }),
        ...(source.download === undefined ? {} : { download: source.download }),
      });
      return {
        trainFiles: readIdxPair(files.trainImages, files.trainLabels),
        test: readIdxPair(files.testImages, files.testLabels),
        classNames: FASHION_MNIST_CLASSES,
      };
    }
    case 'idx': {
      const trainFiles = readIdxPair(source.trainImages, source.trainLabels);
      const test =
        source.testImages !== undefined && source.testLabels !== undefined
          ? readIdxPair(source.testImages, source.testLabels)
          : undefined;
      const top = Math.max(...trainFiles.labels, ...(test?.labels ?? [])) + 1;
      return {
        trainFiles,
        test,
        classNames: source.classNames ?? Array.from({ length: top }, (_, i) => String(i)),
      };
    }
    case 'folder': {
      const options = {
        ...(source.size === undefined ? {} : { size: source.size }),
        ...(source.channels === undefined ? {} : { channels: source.channels }),
      };
      const train = readImageFolder(source.train, options);
      if (source.test === undefined)
        return { trainFiles: train.set, test: undefined, classNames: train.classNames };
      // The test folder must use the training images' size and channels and the same classes.
      const test = readImageFolder(source.test, {
        size: [train.set.shape[0], train.set.shape[1]],
        channels: train.set.shape[2] as 1 | 3,
      });
      if (test.classNames.join('/') !== train.classNames.join('/')) {
        throw new MemnasError(
          'DATASET_INVALID',
          `${source.test}: class folders (${test.classNames.join(', ')}) differ from ${source.train}'s (${train.classNames.join(', ')})`,
        );
      }
      return { trainFiles: train.set, test: test.set, classNames: train.classNames };
    }
  }
}
