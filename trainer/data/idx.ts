// The IDX format of MNIST and Fashion-MNIST: a 4-byte magic (0, 0, type, number of dimensions),
// big-endian 32-bit sizes, then the values. Only unsigned bytes (type 0x08) are used by these
// datasets; anything else, or a size that does not match the bytes present, is DATASET_INVALID.

import { MemnasError } from '../../search/errors.ts';

export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

const UBYTE = 0x08;

/** Parses IDX bytes; `file` only names the source in errors. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const fail = (problem: string): never => {
    throw new MemnasError('DATASET_INVALID', `${file}: ${problem}`);
  };
  if (bytes.length < 4) fail(`too short for an IDX header (${bytes.length} bytes)`);
  const [z0, z1, type, ndims] = [bytes[0], bytes[1], bytes[2], bytes[3]] as number[];
  if (z0 !== 0 || z1 !== 0)
    fail(`not an IDX file (magic ${hex(bytes.subarray(0, 4))}, expected 00 00 08 0n)`);
  if (type !== UBYTE)
    fail(`IDX value type 0x${(type ?? 0).toString(16)} is not supported (only unsigned bytes, 0x08)`);
  if (ndims === undefined || ndims < 1 || ndims > 4) fail(`IDX header claims ${ndims} dimensions`);
  const header = 4 + 4 * (ndims as number);
  if (bytes.length < header) fail(`truncated header (${bytes.length} of ${header} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims as number }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = header + dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected)
    fail(`truncated: header promises ${dims.join('×')} values but only ${bytes.length - header} are present`);
  if (bytes.length > expected)
    fail(`${bytes.length - expected} unexpected bytes after the ${dims.join('×')} values`);
  return { dims, data: bytes.subarray(header, expected) };
}

function hex(b: Uint8Array): string {
  return Array.from(b, (v) => v.toString(16).padStart(2, '0')).join(' ');
}
