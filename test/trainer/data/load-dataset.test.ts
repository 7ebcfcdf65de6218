// Dataset loading from files the test builds in a temp folder: IDX pairs (raw and gzipped, good
// and broken), image folders (PNG and JPEG, good and mixed sizes), the seeded split and the
// Fashion-MNIST locator (never touching the network).

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { isMemnasError } from '../../../search/errors.ts';
import { loadDataset } from '../../../trainer/data/load-dataset.ts';
import { locateFashionMnist } from '../../../trainer/data/fashion-mnist.ts';
import { readIdxPair } from '../../../trainer/data/idx-pair.ts';

const dir = mkdtempSync(join(tmpdir(), 'memnas-data-'));

function idx(dims: number[], values: number[], magicType = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(magicType, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

function write(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** n images of 2×3 pixels whose first pixel encodes the index, labels i mod 3. */
function pair(prefix: string, n: number, gz = false): [string, string] {
  const pixels = Array.from({ length: n * 6 }, (_, i) => (i % 6 === 0 ? i / 6 : 255));
  const img = idx([n, 2, 3], pixels);
  const lab = idx(
    [n],
    Array.from({ length: n }, (_, i) => i % 3),
  );
  return [
    write(`${prefix}-images${gz ? '.gz' : ''}`, gz ? gzipSync(img) : img),
    write(`${prefix}-labels${gz ? '.gz' : ''}`, gz ? gzipSync(lab) : lab),
  ];
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (isMemnasError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('IDX pairs', () => {
  it('reads raw and gzipped pairs into floats in [0, 1]', () => {
    for (const gz of [false, true]) {
      const set = readIdxPair(...pair(`ok${gz}`, 4, gz));
      expect(set.count).toBe(4);
      expect(set.shape).toEqual([2, 3, 1]);
      expect(set.images[6]).toBeCloseTo(1 / 255);
      expect(set.images[1]).toBe(1);
      expect(Array.from(set.labels)).toEqual([0, 1, 2, 0]);
    }
  });

  it('names the file and the problem for broken files', async () => {
    const [images, labels] = pair('base', 4);
    const truncated = write(
      'trunc',
      idx(
        [4, 2, 3],
        Array.from({ length: 20 }, () => 1),
      ),
    );
    const wrongMagic = write('magic', Buffer.concat([Buffer.from([1, 2, 8, 3]), Buffer.alloc(12)]));
    const wrongType = write('type', idx([4], [0, 1, 2, 0], 0x0d));
    const fewLabels = write('few', idx([3], [0, 1, 2]));
    const badGz = write('bad.gz', gzipSync(idx([4], [0, 1, 2, 0])).subarray(0, 15));
    expect(await codeOf(() => readIdxPair(truncated, labels))).toMatch(
      /^DATASET_INVALID: .*trunc: truncated/,
    );
    expect(await codeOf(() => readIdxPair(wrongMagic, labels))).toMatch(
      /^DATASET_INVALID: .*magic: not an IDX file \(magic 01 02 08 03/,
    );
    expect(await codeOf(() => readIdxPair(images, wrongType))).toMatch(
      /^DATASET_INVALID: .*type: IDX value type 0xd/,
    );
    expect(await codeOf(() => readIdxPair(images, fewLabels))).toMatch(
      /^DATASET_INVALID: .*few: 3 labels for the 4 images/,
    );
    expect(await codeOf(() => readIdxPair(images, badGz))).toMatch(
      /^DATASET_INVALID: .*bad\.gz: corrupt or truncated gzip/,
    );
    expect(await codeOf(() => readIdxPair(images, labels.replace('labels', 'nothing')))).toMatch(
      /^DATASET_NOT_FOUND: .*nothing: no such file/,
    );
    expect(await codeOf(() => readIdxPair(labels, labels))).toMatch(/expected images of shape/);
  });
});

describe('loadDataset', () => {
  it('splits the training files by seed and keeps the test files apart', async () => {
    const [trainImages, trainLabels] = pair('train', 20);
    const [testImages, testLabels] = pair('test', 5);
    const spec = {
      source: { kind: 'idx' as const, trainImages, trainLabels, testImages, testLabels },
      validationFraction: 0.25,
      seed: 4,
    };
    const a = await loadDataset(spec);
    const b = await loadDataset(spec);
    const c = await loadDataset({ ...spec, seed: 5 });
    expect([a.train.count, a.validation.count, a.test?.count, a.classes]).toEqual([15, 5, 5, 3]);
    expect(a.inputShape).toEqual([2, 3, 1]);
    // Every training-file image lands in exactly one split.
    const ids = (s: { images: Float32Array; count: number }) =>
      Array.from({ length: s.count }, (_, i) => Math.round((s.images[i * 6] ?? 0) * 255));
    expect([...ids(a.train), ...ids(a.validation)].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect(ids(b.validation)).toEqual(ids(a.validation));
    expect(ids(c.validation)).not.toEqual(ids(a.validation));
    const limited = await loadDataset({ ...spec, limit: { train: 4, validation: 2 } });
    expect([limited.train.count, limited.validation.count]).toEqual([4, 2]);
  });

  it('reads a folder of class sub-folders of PNG and JPEG images', async () => {
    const root = join(dir, 'folder');
    const sizes: Record<string, [number, number][]> = {
      cat: [
        [4, 3],
        [4, 3],
      ],
      dog: [[4, 3]],
    };
    for (const [name, list] of Object.entries(sizes)) {
      mkdirSync(join(root, name), { recursive: true });
      list.forEach(([w, h], i) =>
        writeImage(join(root, name, `${i}.${i === 1 ? 'jpg' : 'png'}`), w, h, name === 'dog'),
      );
    }
    const data = await loadDataset({ source: { kind: 'folder', train: root }, validationFraction: 1 / 3 });
    expect(data.classNames).toEqual(['cat', 'dog']);
    expect(data.inputShape).toEqual([3, 4, 3]);
    expect(data.train.count + data.validation.count).toBe(3);
    expect(data.test).toBeUndefined();
    const grey = join(dir, 'grey');
    for (const name of ['a', 'b']) {
      mkdirSync(join(grey, name), { recursive: true });
      writeImage(join(grey, name, 'x.png'), 5, 5, false, true);
      writeImage(join(grey, name, 'y.png'), 7, 6, false, true);
    }
    expect(await codeOf(loadDataset({ source: { kind: 'folder', train: grey } }))).toMatch(
      /DATASET_INVALID: .*y\.png: is 7×6 but earlier images are 5×5/,
    );
    const resized = await loadDataset({
      source: { kind: 'folder', train: grey, size: [8, 8] },
      validationFraction: 0.5,
    });
    expect(resized.inputShape).toEqual([8, 8, 1]);
    writeFileSync(join(grey, 'a', 'z.png'), 'not an image');
    expect(await codeOf(loadDataset({ source: { kind: 'folder', train: grey, size: [8, 8] } }))).toMatch(
      /z\.png: neither a PNG nor a JPEG/,
    );
  });
});

describe('Fashion-MNIST locator', () => {
  it('fails with DATASET_NOT_FOUND saying how to fix it when offline', async () => {
    const offline = (() =>
      Promise.reject(new Error('getaddrinfo ENOTFOUND raw.githubusercontent.com'))) as typeof fetch;
    const message = await codeOf(
      locateFashionMnist({ systemDir: join(dir, 'none'), cacheDir: join(dir, 'cache-off'), fetch: offline }),
    );
    expect(message).toMatch(
      /^DATASET_NOT_FOUND: .*download failed \(getaddrinfo ENOTFOUND.*install Debian's dataset-fashion-mnist/,
    );
    expect(await codeOf(locateFashionMnist({ path: join(dir, 'none') }))).toMatch(
      /^DATASET_NOT_FOUND: .*none does not hold/,
    );
  });

  it('downloads once into the cache and then finds it there', async () => {
    const served: string[] = [];
    const [images, labels] = pair('fm', 3, true);
    const fake = ((url: string) => {
      served.push(url);
      const body = readBack(url.includes('images') ? images : labels);
      return Promise.resolve(new Response(Buffer.from(body)));
    }) as unknown as typeof fetch;
    const cacheDir = join(dir, 'cache');
    const files = await locateFashionMnist({ systemDir: join(dir, 'none'), cacheDir, fetch: fake });
    expect(served).toHaveLength(4);
    expect(readIdxPair(files.testImages, files.testLabels).count).toBe(3);
    await locateFashionMnist({ systemDir: join(dir, 'none'), cacheDir, fetch: fake });
    expect(served).toHaveLength(4);
  });
});

function readBack(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

function writeImage(file: string, width: number, height: number, red: boolean, grey = false): void {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = (i * 37) % 256;
    data.set(grey ? [v, v, v, 255] : red ? [200, v, 10, 255] : [v, 20, 240, 255], i * 4);
  }
  if (file.endsWith('.jpg')) writeFileSync(file, jpeg.encode({ data, width, height }, 90).data);
  else {
    const png = new PNG({ width, height });
    data.copy(png.data);
    writeFileSync(file, PNG.sync.write(png));
  }
}
