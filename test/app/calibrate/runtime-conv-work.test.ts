// Each convolution's work in a runtime's graph: the weight as stored × the output's pixels, with
// the spatial sizes carried from the graph input through strides, pads and pools.
import { describe, expect, it } from 'vitest';
import { runtimeConvWork } from '../../../app/calibrate/runtime-conv-work.ts';
import { attr, OnnxModelBuilder } from '../../../exporter/onnx/model-builder.ts';

const NCHWC = 'com.microsoft.nchwc';
const zeros = (n: number) => new Float32Array(n);

/** image [N, 1, 16, 16] → 3×3 stride 2 pad 1 (16 ch) → max pool 2 → depthwise 3×3 → 1×1 to 32 → global pool. */
function graph() {
  return new OnnxModelBuilder()
    .input('x', ['N', 1, 16, 16])
    .initializer('w1', [16, 1, 3, 3], zeros(144))
    .initializer('w2', [16, 1, 3, 3], zeros(144))
    .initializer('w3', [32, 16, 1, 1], zeros(512))
    .node('Conv', ['x', 'w1'], ['a'], { strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) })
    .node('MaxPool', ['a'], ['b'], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) })
    .node('Conv', ['b', 'w2'], ['c'], { group: attr.int(16), pads: attr.ints([1, 1, 1, 1]) })
    .node('Conv', ['c', 'w3'], ['d'], {}, { domain: NCHWC })
    .node('GlobalAveragePool', ['d'], ['y'])
    .output('y', ['N', 32, 1, 1])
    .toModel();
}

describe('runtimeConvWork', () => {
  it('sizes every convolution from the input through strides, pads and pools', () => {
    const work = runtimeConvWork(graph());
    expect(work).toEqual([
      // 16×16 → 8×8: 16·1·3·3 weights × 64 pixels. A one-channel k×k convolution is dense.
      { window: 'dense', macs: 144 * 64, outputBytes: 4 * 16 * 64 },
      undefined, // the pool: 8×8 → 4×4
      { window: 'depthwise', macs: 144 * 16, outputBytes: 4 * 16 * 16 },
      { window: 'pointwise', macs: 512 * 16, outputBytes: 4 * 32 * 16 },
      undefined,
    ]);
  });
});
