// Small image classifiers for the deploy bundle's memory tests, built with the repo's model
// builder (no downloads): x [N, C, 32, 32] → 3×3 convolutions with ReLU (stride 2 after the first)
// → global average pool → a dense layer to 10 classes, the shape of memnas's own exports.
import { attr, OnnxModelBuilder } from '../../../exporter/onnx/model-builder.ts';

/** Deterministic weights in [-0.3, 0.3]. */
function weights(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (((i * 7919 + seed * 104729) % 61) - 30) / 100);
}

/** `widths` are the convolutions' output channels; the input has `channels`. */
export function convClassifier(channels: number, widths: readonly number[]): Uint8Array {
  const b = new OnnxModelBuilder().input('x', ['N', channels, 32, 32]);
  let from = 'x';
  let inC = channels;
  widths.forEach((outC, i) => {
    b.initializer(`w${i}`, [outC, inC, 3, 3], weights(outC * inC * 9, i + 1));
    b.node('Conv', [from, `w${i}`], [`c${i}`], {
      kernel_shape: attr.ints([3, 3]),
      pads: attr.ints([1, 1, 1, 1]),
      strides: attr.ints(i === 0 ? [1, 1] : [2, 2]),
    });
    b.node('Relu', [`c${i}`], [`r${i}`]);
    from = `r${i}`;
    inC = outC;
  });
  b.initializer('fc', [inC, 10], weights(inC * 10, 99));
  b.node('GlobalAveragePool', [from], ['g']);
  b.node('Flatten', ['g'], ['f']);
  b.node('MatMul', ['f', 'fc'], ['y']);
  return b.output('y', ['N', 10]).toBytes();
}
