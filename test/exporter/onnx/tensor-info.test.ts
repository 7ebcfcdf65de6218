// Element sizes for every TensorProto.DataType, initializer byte counts checked against raw_data,
// and reading small constant values from raw_data and from the typed fields.
import { describe, expect, it } from 'vitest';
import { onnx } from '../../../exporter/onnx/proto.ts';
import {
  DataType,
  denseBytes,
  dtypeBits,
  initializerBytes,
  readSmallValues,
} from '../../../exporter/onnx/tensor-info.ts';
import { MemnasError } from '../../../search/errors.ts';

describe('dtype sizes', () => {
  it('covers every numeric ONNX element type', () => {
    const expected: Record<string, number> = {
      FLOAT: 32,
      UINT8: 8,
      INT8: 8,
      UINT16: 16,
      INT16: 16,
      INT32: 32,
      INT64: 64,
      BOOL: 8,
      FLOAT16: 16,
      DOUBLE: 64,
      UINT32: 32,
      UINT64: 64,
      COMPLEX64: 64,
      COMPLEX128: 128,
      BFLOAT16: 16,
      FLOAT8E4M3FN: 8,
      FLOAT8E4M3FNUZ: 8,
      FLOAT8E5M2: 8,
      FLOAT8E5M2FNUZ: 8,
      UINT4: 4,
      INT4: 4,
      FLOAT4E2M1: 4,
      FLOAT8E8M0: 8,
      UINT2: 2,
      INT2: 2,
    };
    for (const [name, code] of Object.entries(DataType)) {
      if (name === 'UNDEFINED' || name === 'STRING') expect(dtypeBits(code)).toBeUndefined();
      else expect({ name, bits: dtypeBits(code) }).toEqual({ name, bits: expected[name] });
    }
  });

  it('packs sub-byte types and rounds up', () => {
    expect(denseBytes(DataType.INT4, [3, 3], 't')).toBe(5);
    expect(denseBytes(DataType.UINT2, [5], 't')).toBe(2);
    expect(denseBytes(DataType.FLOAT, [2, 3], 't')).toBe(24);
    expect(() => denseBytes(DataType.STRING, [2], 't')).toThrow(/no fixed size/);
  });
});

describe('initializerBytes', () => {
  it('is numel × element size and must match raw_data', () => {
    const raw = new Uint8Array(new Float64Array([1, 2, 3, 4, 5, 6]).buffer);
    expect(initializerBytes({ name: 'w', dims: [2, 3], dataType: DataType.DOUBLE, rawData: raw })).toBe(48);
    expect(
      initializerBytes({ name: 'h', dims: [4], dataType: DataType.FLOAT16, int32Data: [1, 2, 3, 4] }),
    ).toBe(8);
    const bad = { name: 'w', dims: [2, 4], dataType: DataType.DOUBLE, rawData: raw };
    expect(() => initializerBytes(bad)).toThrow(MemnasError);
    expect(() => initializerBytes(bad)).toThrow(/'w' has 48 bytes of raw_data but .* needs 64/);
    expect(() =>
      initializerBytes({ name: 'f', dims: [3], dataType: DataType.FLOAT, floatData: [1, 2] }),
    ).toThrow(/holds 2 values/);
  });
});

describe('readSmallValues', () => {
  it('reads little-endian raw_data of each integer and float type', () => {
    const i64 = new Uint8Array(new BigInt64Array([-1n, 2n ** 40n]).buffer);
    expect(readSmallValues({ dims: [2], dataType: DataType.INT64, rawData: i64 }, 8)).toEqual([-1, 2 ** 40]);
    const i32 = new Uint8Array(new Int32Array([-7, 9]).buffer);
    expect(readSmallValues({ dims: [2], dataType: DataType.INT32, rawData: i32 }, 8)).toEqual([-7, 9]);
    const f32 = new Uint8Array(new Float32Array([0.5, 2]).buffer);
    expect(readSmallValues({ dims: [2], dataType: DataType.FLOAT, rawData: f32 }, 8)).toEqual([0.5, 2]);
  });

  it('reads typed fields, including int64 values decoded from protobuf', () => {
    const bytes = onnx.TensorProto.encode({
      dims: [3],
      dataType: DataType.INT64,
      int64Data: [1, -1, 5],
    }).finish();
    expect(readSmallValues(onnx.TensorProto.decode(bytes), 8)).toEqual([1, -1, 5]);
    expect(readSmallValues({ dims: [], dataType: DataType.FLOAT, floatData: [3] }, 8)).toEqual([3]);
  });

  it('skips tensors above the limit or of types it does not decode', () => {
    expect(
      readSmallValues({ dims: [10], dataType: DataType.FLOAT, floatData: new Array<number>(10).fill(0) }, 8),
    ).toBeUndefined();
    expect(readSmallValues({ dims: [1], dataType: DataType.FLOAT16, int32Data: [1] }, 8)).toBeUndefined();
  });
});
