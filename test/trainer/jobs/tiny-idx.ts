// The tiny task (test/trainer/train/tiny.ts) written as IDX files in `dir`, so worker processes
// load it from a dataset spec the way they load real data.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetSpec } from '../../../trainer/data/spec.ts';
import { tinySet } from '../train/tiny.ts';

function idxHeader(dims: readonly number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.writeUInt8(8, 2);
  b.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
}

export function tinyIdx(dir: string): DatasetSpec {
  const set = tinySet(300, 1);
  const pixels = Buffer.from(Array.from(set.images, (v) => Math.round(v * 255)));
  writeFileSync(join(dir, 'images'), Buffer.concat([idxHeader([set.count, 8, 8]), pixels]));
  writeFileSync(join(dir, 'labels'), Buffer.concat([idxHeader([set.count]), Buffer.from(set.labels)]));
  return {
    source: { kind: 'idx', trainImages: join(dir, 'images'), trainLabels: join(dir, 'labels') },
    validationFraction: 0.2,
  };
}
