// A dataset's source images as one blob: the search packs the training (and test) files as uint8
// IDX pixels and labels behind a small JSON header; a worker unpacks them once into an IDX folder
// of its cache and trains from there, splitting them exactly as the search does (same spec seed).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemnasError } from '../../../search/errors.ts';
import type { ImageSet } from '../../contract.ts';
import type { RawDataset } from '../../data/load-dataset.ts';
import type { DatasetSource } from '../../data/spec.ts';

const MAGIC = 'MNDS1\n';
const HEADER_FILE = 'header.json';

interface Header {
  readonly classNames: readonly string[];
  /** File name and byte length of each IDX file, in the order their bytes follow. */
  readonly files: readonly { readonly name: string; readonly length: number }[];
}

/** Floats in [0, 1] back to the bytes they came from (IDX and image files hold 8-bit pixels). */
function idxImages(set: ImageSet): Uint8Array {
  const [h, w, c] = set.shape;
  const dims = c === 1 ? [set.count, h, w] : [set.count, h, w, c];
  const out = idxHeader(dims, set.images.length);
  const body = out.subarray(out.length - set.images.length);
  for (let i = 0; i < set.images.length; i++)
    body[i] = Math.max(0, Math.min(255, Math.round((set.images[i] as number) * 255)));
  return out;
}

function idxLabels(set: ImageSet): Uint8Array {
  const out = idxHeader([set.count], set.count);
  out.set(Uint8Array.from(set.labels), out.length - set.count);
  return out;
}

function idxHeader(dims: readonly number[], values: number): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return out;
}

export function packDataset(raw: RawDataset): Uint8Array {
  if (raw.classNames.length > 256)
    throw new MemnasError(
      'DATASET_INVALID',
      `${raw.classNames.length} classes do not fit the queue's uint8 labels`,
    );
  const files: [string, Uint8Array][] = [
    ['train-images-idx3-ubyte', idxImages(raw.trainFiles)],
    ['train-labels-idx1-ubyte', idxLabels(raw.trainFiles)],
  ];
  if (raw.test !== undefined)
    files.push(
      ['t10k-images-idx3-ubyte', idxImages(raw.test)],
      ['t10k-labels-idx1-ubyte', idxLabels(raw.test)],
    );
  const header: Header = {
    classNames: raw.classNames,
    files: files.map(([name, bytes]) => ({ name, length: bytes.length })),
  };
  const head = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`);
  return Buffer.concat([head, ...files.map(([, b]) => b)]);
}

/**
 * Unpacks a blob into `dir` (once: a finished folder is reused) and returns the IDX source that
 * loads it. The folder appears whole or not at all, so a worker killed while writing leaves none.
 */
export function unpackDataset(bytes: Uint8Array, dir: string): DatasetSource {
  const { header, offset } = readHeader(bytes);
  if (!existsSync(dir)) {
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    let at = offset;
    for (const f of header.files) {
      writeFileSync(join(tmp, f.name), bytes.subarray(at, at + f.length));
      at += f.length;
    }
    if (at !== bytes.length) throw new MemnasError('PROTOCOL_INVALID', 'dataset blob has trailing bytes');
    writeFileSync(join(tmp, HEADER_FILE), JSON.stringify(header));
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another worker on this machine unpacked the same blob first: keep its folder.
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(dir)) throw e;
    }
  }
  return idxSource(dir, header);
}

/** The source of a dataset unpacked into `dir` before (by this or an earlier worker run), or undefined. */
export function unpackedDataset(dir: string): DatasetSource | undefined {
  const file = join(dir, HEADER_FILE);
  if (!existsSync(file)) return undefined;
  return idxSource(dir, JSON.parse(readFileSync(file, 'utf8')) as Header);
}

function idxSource(dir: string, header: Header): DatasetSource {
  const has = (name: string): boolean => header.files.some((f) => f.name === name);
  return {
    kind: 'idx',
    trainImages: join(dir, 'train-images-idx3-ubyte'),
    trainLabels: join(dir, 'train-labels-idx1-ubyte'),
    ...(has('t10k-images-idx3-ubyte')
      ? { testImages: join(dir, 't10k-images-idx3-ubyte'), testLabels: join(dir, 't10k-labels-idx1-ubyte') }
      : {}),
    classNames: header.classNames,
  };
}

function readHeader(bytes: Uint8Array): { header: Header; offset: number } {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1 << 20)).toString(
    'latin1',
  );
  const end = text.indexOf('\n', MAGIC.length);
  if (!text.startsWith(MAGIC) || end < 0)
    throw new MemnasError('PROTOCOL_INVALID', 'not a memnas dataset blob');
  const json = Buffer.from(bytes.subarray(MAGIC.length, end)).toString('utf8');
  const header = JSON.parse(json) as Header;
  if (!Array.isArray(header.files) || !Array.isArray(header.classNames))
    throw new MemnasError('PROTOCOL_INVALID', 'dataset blob header is malformed');
  for (const f of header.files)
    if (!/^(train|t10k)-(images|labels)-idx[13]-ubyte$/.test(f.name))
      throw new MemnasError('PROTOCOL_INVALID', `dataset blob names an unexpected file '${String(f.name)}'`);
  return { header, offset: end + 1 };
}
