import { describe, expect, it } from 'vitest';
import { inputDims, randomInput } from '../../../profiler-agent/runtime/random-input.ts';

describe('random inputs', () => {
  it('puts the batch in a dynamic first dimension', () => {
    expect(inputDims({ name: 'x', type: 'float32', shape: ['N', 3, 8, 8] }, 8)).toEqual([8, 3, 8, 8]);
    expect(inputDims({ name: 'x', type: 'float32', shape: [-1, 4] }, 2)).toEqual([2, 4]);
    expect(inputDims({ name: 'x', type: 'float32', shape: [1, 4] }, 1)).toEqual([1, 4]);
  });

  it('explains a fixed batch or another dynamic axis', () => {
    expect(() => inputDims({ name: 'x', type: 'float32', shape: [1, 4] }, 8)).toThrow(
      /fixed batch dimension of 1.*batch 8/,
    );
    expect(() => inputDims({ name: 'tokens', type: 'int64', shape: ['N', 'seq'] }, 1)).toThrow(
      /dynamic dimension 'seq' at axis 1/,
    );
  });

  it('is reproducible from its seed and sized by the shape', () => {
    const spec = { name: 'x', type: 'float32', shape: ['N', 2, 3] as const };
    const a = randomInput({ ...spec, shape: [...spec.shape] }, 4, 7);
    const b = randomInput({ ...spec, shape: [...spec.shape] }, 4, 7);
    expect(a.data).toHaveLength(24);
    expect(a.data).toEqual(b.data);
    expect([...(a.data as Float32Array)].every((v) => v >= -1 && v < 1)).toBe(true);
  });

  it('draws floats once per seed and tiles them, so a large batch adds no per-value JS garbage', () => {
    const spec = { name: 'x', type: 'float32', shape: ['N', 3, 64, 64] };
    const big = randomInput(spec, 8, 3).data as Float32Array;
    const one = randomInput(spec, 1, 3).data as Float32Array;
    expect(big).toHaveLength(8 * 3 * 64 * 64);
    // The first sample is the same whatever the batch; the values repeat every block.
    expect(big.subarray(0, one.length)).toEqual(one);
    expect(big.subarray(16_384, 2 * 16_384)).toEqual(big.subarray(0, 16_384));
    expect(new Set(big.subarray(0, 16_384)).size).toBeGreaterThan(16_000);
    // Another seed draws other values; float64 inputs tile the same values.
    expect(randomInput(spec, 1, 4).data).not.toEqual(one);
    const f64 = randomInput({ ...spec, type: 'float64' }, 1, 3).data as Float64Array;
    expect([...f64.subarray(0, 100)]).toEqual([...one.subarray(0, 100)]);
  });

  it('makes integer and boolean inputs in range and refuses strings', () => {
    const ids = randomInput({ name: 'ids', type: 'int64', shape: ['N', 5] }, 2);
    expect(ids.data).toBeInstanceOf(BigInt64Array);
    expect([...(ids.data as BigInt64Array)].every((v) => v >= 0n && v < 10n)).toBe(true);
    const mask = randomInput({ name: 'm', type: 'bool', shape: ['N'] }, 16);
    expect([...(mask.data as Uint8Array)].every((v) => v === 0 || v === 1)).toBe(true);
    expect(() => randomInput({ name: 's', type: 'string', shape: ['N'] }, 1)).toThrow(
      /element type 'string'/,
    );
  });
});
