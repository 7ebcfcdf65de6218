// `--dataset` as users write it: 'fashion-mnist' (Debian's copy, else the cache), a folder of the
// four MNIST-format IDX files, or a folder with one sub-folder of images per class.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MemnasError } from '../search/errors.ts';
import type { DatasetSpec } from '../trainer/data/spec.ts';

const IDX = /^(train|t10k)-(images|labels)-idx[13]-ubyte(\.gz)?$/;

export function datasetSpecFromArg(arg: string, seed = 0): DatasetSpec {
  if (arg === 'fashion-mnist') return { source: { kind: 'fashion-mnist' }, seed };
  if (!existsSync(arg)) {
    throw new MemnasError(
      'DATASET_NOT_FOUND',
      `unknown dataset '${arg}': use 'fashion-mnist', a folder of IDX files, or a folder of class sub-folders`,
    );
  }
  if (!statSync(arg).isDirectory())
    throw new MemnasError('DATASET_NOT_FOUND', `dataset path ${arg} is not a folder`);
  const entries = readdirSync(arg);
  if (entries.some((e) => IDX.test(e)))
    return { source: { kind: 'fashion-mnist', path: arg, download: false }, seed };
  const train =
    entries.includes('train') && statSync(join(arg, 'train')).isDirectory() ? join(arg, 'train') : arg;
  const test =
    entries.includes('test') && statSync(join(arg, 'test')).isDirectory() ? join(arg, 'test') : undefined;
  return { source: { kind: 'folder', train, ...(test === undefined ? {} : { test }) }, seed };
}
