// The benchmark network, built directly with tfjs ops (NHWC): conv 3×3 16 + relu;
// conv 3×3 32 stride 2 + relu; depthwise 3×3 + relu; depthwise 3×3 stride 2 + relu;
// conv 1×1 64 + relu; global average pool; dense 10. Convs carry a bias, as PyTorch's do.

import type { Tf } from '../trainer/backend/index.ts';
import type { Tensor, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';

export interface BenchmarkNetwork {
  readonly variables: Variable[];
  /** Logits [batch, 10] for images [batch, 32, 32, 3]. */
  readonly forward: (images: Tensor4D) => Tensor2D;
}

export function benchmarkNetwork(tf: Tf): BenchmarkNetwork {
  const he = (shape: number[], fanIn: number, name: string): Variable =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', 7), true, name);
  const zeros = (n: number, name: string): Variable => tf.variable(tf.zeros([n]), true, name);
  const w1 = he([3, 3, 3, 16], 27, 'w1');
  const w2 = he([3, 3, 16, 32], 144, 'w2');
  const w3 = he([3, 3, 32, 1], 9, 'w3');
  const w4 = he([3, 3, 32, 1], 9, 'w4');
  const w5 = he([1, 1, 32, 64], 32, 'w5');
  const w6 = he([64, 10], 64, 'w6');
  const [b1, b2, b3, b4, b5, b6] = [
    zeros(16, 'b1'),
    zeros(32, 'b2'),
    zeros(32, 'b3'),
    zeros(32, 'b4'),
    zeros(64, 'b5'),
    zeros(10, 'b6'),
  ];
  const forward = (images: Tensor4D): Tensor2D => {
    // Fused conv + bias + relu: one XNNPACK call forward on wasm.
    let h = fusedLayer(tf, 'conv2d', images, w1, 1, 'same', b1);
    h = fusedLayer(tf, 'conv2d', h, w2, 2, 'same', b2);
    h = fusedLayer(tf, 'depthwiseConv2d', h, w3, 1, 'same', b3);
    h = fusedLayer(tf, 'depthwiseConv2d', h, w4, 2, 'same', b4);
    h = fusedLayer(tf, 'conv2d', h, w5, 1, 'valid', b5);
    const pooled = tf.mean(h, [1, 2]) as Tensor2D;
    return tf.fused.matMul({ a: pooled, b: w6 as Tensor as Tensor2D, bias: b6 }) as Tensor2D;
  };
  return { variables: [w1, b1, w2, b2, w3, b3, w4, b4, w5, b5, w6, b6], forward };
}

/** One fused convolution (plain or depthwise) with bias and relu. */
function fusedLayer(
  tf: Tf,
  kind: 'conv2d' | 'depthwiseConv2d',
  x: Tensor4D,
  filter: Variable,
  strides: 1 | 2,
  pad: 'same' | 'valid',
  bias: Variable,
): Tensor4D {
  const args = { x, filter: filter as Tensor as Tensor4D, strides, pad, bias, activation: 'relu' } as const;
  return kind === 'conv2d' ? tf.fused.conv2d(args) : tf.fused.depthwiseConv2d(args);
}
