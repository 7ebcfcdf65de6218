// Sizes and small values of ONNX tensors: element size per TensorProto.DataType (all of them,
// including the float8/4-bit/2-bit types newer than onnx-proto's enum), initializer byte counts,
// and readers of small constant values so shape chains (Shape → Gather → Concat → Reshape) fold.
import { MemnasError } from '../../search/errors.ts';
import { int64List, type OnnxTypes } from './proto.ts';

type TensorProto = OnnxTypes.ITensorProto;

/** TensorProto.DataType codes (onnx.proto3, ONNX 1.18). */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
  FLOAT8E4M3FN: 17,
  FLOAT8E4M3FNUZ: 18,
  FLOAT8E5M2: 19,
  FLOAT8E5M2FNUZ: 20,
  UINT4: 21,
  INT4: 22,
  FLOAT4E2M1: 23,
  FLOAT8E8M0: 24,
  UINT2: 25,
  INT2: 26,
} as const;

/** Bits per element; STRING has no fixed size and UNDEFINED none at all. */
const BITS: Readonly<Record<number, number>> = {
  1: 32,
  2: 8,
  3: 8,
  4: 16,
  5: 16,
  6: 32,
  7: 64,
  9: 8,
  10: 16,
  11: 64,
  12: 32,
  13: 64,
  14: 64,
  15: 128,
  16: 16,
  17: 8,
  18: 8,
  19: 8,
  20: 8,
  21: 4,
  22: 4,
  23: 4,
  24: 8,
  25: 2,
  26: 2,
};

const INTEGER_TYPES = new Set<number>([2, 3, 4, 5, 6, 7, 9, 12, 13]);

export function dtypeName(dtype: number): string {
  const entry = Object.entries(DataType).find(([, v]) => v === dtype);
  return entry ? entry[0] : `type ${dtype}`;
}

/** Bits per element of `dtype`, or undefined for STRING/UNDEFINED/unknown codes. */
export function dtypeBits(dtype: number): number | undefined {
  return BITS[dtype];
}

export function isIntegerType(dtype: number): boolean {
  return INTEGER_TYPES.has(dtype);
}

export function numel(dims: readonly number[]): number {
  return dims.reduce((a, d) => a * d, 1);
}

/** Bytes of a dense tensor of `dtype` and `dims`; sub-byte types pack and round up (as ONNX stores them). */
export function denseBytes(dtype: number, dims: readonly number[], what: string): number {
  const bits = dtypeBits(dtype);
  if (bits === undefined) {
    throw new MemnasError(
      'ONNX_SHAPE',
      `cannot size ${what}: element type ${dtypeName(dtype)} has no fixed size`,
    );
  }
  return Math.ceil((numel(dims) * bits) / 8);
}

/** Dims of a TensorProto as numbers, checked to be non-negative safe integers. */
export function tensorDims(t: TensorProto): number[] {
  const dims = int64List(t.dims);
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new MemnasError('ONNX_INVALID', `tensor '${t.name ?? ''}' has an invalid dimension ${d}`);
    }
  }
  return dims;
}

/** Elements a typed field must hold for `dtype` (two per element for complex, packed for sub-byte). */
function typedFieldLength(t: TensorProto, dtype: number): number | undefined {
  switch (dtype) {
    case DataType.FLOAT:
      return t.floatData?.length;
    case DataType.COMPLEX64:
      return (t.floatData?.length ?? 0) / 2;
    case DataType.DOUBLE:
      return t.doubleData?.length;
    case DataType.COMPLEX128:
      return (t.doubleData?.length ?? 0) / 2;
    case DataType.INT64:
      return t.int64Data?.length;
    case DataType.UINT32:
    case DataType.UINT64:
      return t.uint64Data?.length;
    case DataType.STRING:
      return t.stringData?.length;
    default:
      return undefined;
  }
}

/**
 * Bytes an initializer occupies in memory: numel × element size. Where raw_data is present it must
 * hold exactly that many bytes, otherwise the file is inconsistent and we say so rather than guess.
 */
export function initializerBytes(t: TensorProto): number {
  const name = t.name ?? '';
  const dims = tensorDims(t);
  const dtype = t.dataType ?? 0;
  if (dtype === DataType.STRING) {
    return (t.stringData ?? []).reduce((a, s) => a + s.length, 0);
  }
  const bytes = denseBytes(dtype, dims, `initializer '${name}'`);
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== bytes) {
      throw new MemnasError(
        'ONNX_INVALID',
        `initializer '${name}' has ${raw.length} bytes of raw_data but its shape [${dims.join(', ')}] of ${dtypeName(dtype)} needs ${bytes}`,
      );
    }
    return bytes;
  }
  const n = typedFieldLength(t, dtype);
  if (n !== undefined && n !== numel(dims)) {
    throw new MemnasError(
      'ONNX_INVALID',
      `initializer '${name}' holds ${n} values but its shape [${dims.join(', ')}] needs ${numel(dims)}`,
    );
  }
  return bytes;
}

function rawView(raw: Uint8Array): DataView {
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
}

function readRaw(raw: Uint8Array, dtype: number, n: number): number[] | undefined {
  const v = rawView(raw);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    switch (dtype) {
      case DataType.FLOAT:
        out.push(v.getFloat32(i * 4, true));
        break;
      case DataType.DOUBLE:
        out.push(v.getFloat64(i * 8, true));
        break;
      case DataType.INT64:
        out.push(Number(v.getBigInt64(i * 8, true)));
        break;
      case DataType.UINT64:
        out.push(Number(v.getBigUint64(i * 8, true)));
        break;
      case DataType.INT32:
        out.push(v.getInt32(i * 4, true));
        break;
      case DataType.UINT32:
        out.push(v.getUint32(i * 4, true));
        break;
      case DataType.INT16:
        out.push(v.getInt16(i * 2, true));
        break;
      case DataType.UINT16:
        out.push(v.getUint16(i * 2, true));
        break;
      case DataType.INT8:
        out.push(v.getInt8(i));
        break;
      case DataType.UINT8:
      case DataType.BOOL:
        out.push(v.getUint8(i));
        break;
      default:
        return undefined;
    }
  }
  return out;
}

function readTyped(t: TensorProto, dtype: number): number[] | undefined {
  switch (dtype) {
    case DataType.FLOAT:
      return t.floatData ? [...t.floatData] : undefined;
    case DataType.DOUBLE:
      return t.doubleData ? [...t.doubleData] : undefined;
    case DataType.INT64:
      return int64List(t.int64Data);
    case DataType.UINT32:
    case DataType.UINT64:
      return int64List(t.uint64Data);
    case DataType.INT32:
    case DataType.INT16:
    case DataType.INT8:
    case DataType.UINT16:
    case DataType.UINT8:
    case DataType.BOOL:
      return t.int32Data ? [...t.int32Data] : undefined;
    default:
      return undefined;
  }
}

/**
 * The values of a small numeric tensor (at most `maxElements`), as numbers; undefined when the
 * tensor is larger, of a type we do not decode (float16, strings, …) or its data is elsewhere.
 */
export function readSmallValues(t: TensorProto, maxElements: number): number[] | undefined {
  const dims = tensorDims(t);
  const n = numel(dims);
  if (n > maxElements) return undefined;
  const dtype = t.dataType ?? 0;
  const raw = t.rawData;
  const values = raw && raw.length > 0 ? readRaw(raw, dtype, n) : readTyped(t, dtype);
  return values && values.length === n ? values : undefined;
}
