// Finds Fashion-MNIST's four IDX files: in a folder the user names, else in Debian's
// dataset-fashion-mnist package, else in the cache folder, downloading them there once on a
// machine with internet. Each file may be gzipped or raw.

import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MemnasError } from '../../search/errors.ts';

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Where Debian's dataset-fashion-mnist installs the files. */
export const SYSTEM_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';
export const DEFAULT_CACHE = join(homedir(), '.cache', 'memnas', 'fashion-mnist');
export const FASHION_MNIST_URL =
  'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/';

const STEMS = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type FashionMnistFiles = Record<keyof typeof STEMS, string>;

export interface LocateOptions {
  /** A folder the user gave; when set, only it is searched. */
  readonly path?: string;
  /** Default /usr/share/datasets/fashion-mnist. */
  readonly systemDir?: string;
  /** Default ~/.cache/memnas/fashion-mnist. */
  readonly cacheDir?: string;
  /** Download into the cache when no copy is found. Default true. */
  readonly download?: boolean;
  /** Base URL of the .gz files. Default the zalandoresearch GitHub repository. */
  readonly url?: string;
  /** For tests; default the global fetch. */
  readonly fetch?: typeof fetch;
}

/** The four files in `dir` (gzipped or raw), or undefined if any is missing. */
export function filesIn(dir: string): FashionMnistFiles | undefined {
  const found: Partial<FashionMnistFiles> = {};
  for (const [key, stem] of Object.entries(STEMS) as [keyof typeof STEMS, string][]) {
    const file = [join(dir, `${stem}.gz`), join(dir, stem)].find((f) => existsSync(f));
    if (file === undefined) return undefined;
    found[key] = file;
  }
  return found as FashionMnistFiles;
}

export async function locateFashionMnist(options: LocateOptions = {}): Promise<FashionMnistFiles> {
  if (options.path !== undefined) {
    const files = filesIn(options.path);
    if (files === undefined) {
      throw new MemnasError(
        'DATASET_NOT_FOUND',
        `${options.path} does not hold Fashion-MNIST's four files (${Object.values(STEMS).join(', ')}, each .gz or raw)`,
      );
    }
    return files;
  }
  const systemDir = options.systemDir ?? SYSTEM_FASHION_MNIST;
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE;
  const local = filesIn(systemDir) ?? filesIn(cacheDir);
  if (local !== undefined) return local;
  const howToFix = `install Debian's dataset-fashion-mnist (files in ${systemDir}), or put the four *-ubyte.gz files in a folder and pass its path, or run once with internet to download them into ${cacheDir}`;
  if (options.download === false) {
    throw new MemnasError('DATASET_NOT_FOUND', `Fashion-MNIST not found and downloading is off: ${howToFix}`);
  }
  try {
    await download(cacheDir, options.url ?? FASHION_MNIST_URL, options.fetch ?? fetch);
  } catch (cause) {
    const reason =
      cause instanceof Error
        ? cause.cause instanceof Error
          ? cause.cause.message
          : cause.message
        : String(cause);
    throw new MemnasError(
      'DATASET_NOT_FOUND',
      `Fashion-MNIST not found and the download failed (${reason}): ${howToFix}`,
      { cause },
    );
  }
  const files = filesIn(cacheDir);
  if (files === undefined)
    throw new MemnasError(
      'DATASET_NOT_FOUND',
      `Fashion-MNIST download into ${cacheDir} left files missing: ${howToFix}`,
    );
  return files;
}

async function download(dir: string, base: string, get: typeof fetch): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const stem of Object.values(STEMS)) {
    const target = join(dir, `${stem}.gz`);
    if (existsSync(target)) continue;
    const response = await get(`${base}${stem}.gz`, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${base}${stem}.gz`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Write then rename, so an interrupted download never leaves a file that looks complete.
    const partial = `${target}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, target);
  }
}
