// Shape inference never materialises a large constant (issue 18, item 5): a 119-byte
// ConstantOfShape [20000, 20000] model once took 8 GB and aborted V8. It is now sized from its
// shape alone, in well under 2 s and 200 MB, and shapes that cannot be counted are refused.
import { describe, expect, it } from 'vitest';
import { attr, OnnxModelBuilder } from '../../../../exporter/onnx/model-builder.ts';
import { estimateOnnx } from '../../../../exporter/onnx/to-memory-graph.ts';
import { DataType } from '../../../../exporter/onnx/tensor-info.ts';

function constantOfShape(dims: readonly number[]): Uint8Array {
  return new OnnxModelBuilder()
    .input('x', ['N', 1])
    .int64Initializer('shape', [dims.length], dims)
    .node('ConstantOfShape', ['shape'], ['big'], {
      value: attr.tensor({ dims: [1], data: new Float32Array([1]) }),
    })
    .node('Add', ['x', 'big'], ['y'])
    .output('y')
    .toBytes();
}

function rangeModel(limit: number): Uint8Array {
  return new OnnxModelBuilder()
    .input('x', ['N', 1])
    .int64Initializer('start', [], [0])
    .int64Initializer('limit', [], [limit])
    .int64Initializer('delta', [], [1])
    .node('Range', ['start', 'limit', 'delta'], ['r'])
    .node('Cast', ['r'], ['rf'], { to: attr.int(DataType.FLOAT) })
    .node('Add', ['x', 'rf'], ['y'])
    .output('y')
    .toBytes();
}

function bounded(bytes: Uint8Array): ReturnType<typeof estimateOnnx> {
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const estimate = estimateOnnx(bytes, { batch: 1 });
  expect(performance.now() - t0).toBeLessThan(2_000);
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  return estimate;
}

describe('ConstantOfShape and Range are sized from their shape, never filled', () => {
  for (const side of [10_000, 20_000]) {
    it(`ConstantOfShape [${side}, ${side}] is estimated in < 2 s and < 200 MB`, () => {
      const bytes = constantOfShape([side, side]);
      expect(bytes.byteLength).toBeLessThan(200);
      const estimate = bounded(bytes);
      // The Add's output alone is side² float32 values: the estimate counts it without holding it.
      expect(estimate.peakActivationBytes).toBeGreaterThanOrEqual(side * side * 4);
    });
  }

  it('a small ConstantOfShape still folds its values', () => {
    const estimate = bounded(constantOfShape([1, 4]));
    expect(estimate.peakActivationBytes).toBeGreaterThan(0);
  });

  it('Range over 1e9 elements is sized, not enumerated', () => {
    const estimate = bounded(rangeModel(1_000_000_000));
    expect(estimate.peakActivationBytes).toBeGreaterThanOrEqual(1e9 * 4);
  });

  it('a shape whose element count cannot be counted is refused with ONNX_SHAPE', () => {
    expect(() => estimateOnnx(constantOfShape([2 ** 40, 2 ** 40]), { batch: 1 })).toThrow(
      expect.objectContaining({ code: 'ONNX_SHAPE', message: expect.stringContaining('ConstantOfShape') }),
    );
  });

  it('a negative dimension is refused with ONNX_SHAPE', () => {
    expect(() => estimateOnnx(constantOfShape([-1, 4]), { batch: 1 })).toThrow(
      expect.objectContaining({ code: 'ONNX_SHAPE' }),
    );
  });
});
