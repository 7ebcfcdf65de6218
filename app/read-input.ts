// Reading user files with one-line errors: missing, unreadable, not JSON.
import { readFileSync, statSync } from 'node:fs';
import { MemnasError } from '../search/errors.ts';

export function readBytes(path: string): Uint8Array {
  try {
    if (statSync(path).isDirectory())
      throw new MemnasError('FILE_UNREADABLE', `${path} is a directory, not a file`);
    return readFileSync(path);
  } catch (e) {
    if (e instanceof MemnasError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MemnasError('FILE_NOT_FOUND', `no such file: ${path}`);
    throw new MemnasError('FILE_UNREADABLE', `cannot read ${path}: ${code ?? String(e)}`, { cause: e });
  }
}

/** True when the bytes look like JSON text (first non-blank character is '{'). */
export function looksLikeJson(bytes: Uint8Array): boolean {
  for (const b of bytes.subarray(0, 64)) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb || b === 0xbf)
      continue;
    return b === 0x7b;
  }
  return false;
}

export function parseJson(bytes: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new MemnasError('ARCH_INVALID', `${path} is not valid JSON: ${(e as Error).message}`);
  }
}
