// Reads a data file whole, gunzipping it when it starts with the gzip magic bytes, so every
// reader accepts both `name` and `name.gz`. Failures name the file.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { MemnasError } from '../../search/errors.ts';

export function readMaybeGzip(file: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MemnasError('DATASET_NOT_FOUND', `${file}: no such file`, { cause });
    throw new MemnasError('FILE_UNREADABLE', `${file}: cannot read (${code ?? String(cause)})`, { cause });
  }
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
  try {
    return gunzipSync(raw);
  } catch (cause) {
    throw new MemnasError(
      'DATASET_INVALID',
      `${file}: corrupt or truncated gzip data (${(cause as Error).message})`,
      { cause },
    );
  }
}
