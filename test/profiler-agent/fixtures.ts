// ONNX models for the profiler tests, built with the repo's model builder (no downloads).
import { attr, OnnxModelBuilder } from '../../exporter/onnx/model-builder.ts';

/**
 * x [N, 8, 32, 32] → 1×1 conv to 64 channels → ReLU → 1×1 conv back to 8: 256 KB of activation
 * per sample in the wide middle, little compute, so the per-sample memory stands well above noise.
 */
export function wideActivationModel(): Uint8Array {
  const w1 = Float32Array.from({ length: 64 * 8 }, (_, i) => ((i % 7) - 3) / 10);
  const w2 = Float32Array.from({ length: 8 * 64 }, (_, i) => ((i % 5) - 2) / 10);
  return new OnnxModelBuilder()
    .input('x', ['N', 8, 32, 32])
    .initializer('w1', [64, 8, 1, 1], w1)
    .initializer('w2', [8, 64, 1, 1], w2)
    .node('Conv', ['x', 'w1'], ['h'], { kernel_shape: attr.ints([1, 1]) })
    .node('Relu', ['h'], ['r'])
    .node('Conv', ['r', 'w2'], ['y'], { kernel_shape: attr.ints([1, 1]) })
    .output('y', ['N', 8, 32, 32])
    .toBytes();
}

/** Not ONNX at all: the runtime must reject it with a clear message. */
export const CORRUPT_MODEL = new TextEncoder().encode('this is not an ONNX model, just text');

/** A model whose input has a fixed batch of 1: it cannot run batch 2. */
export function fixedBatchModel(): Uint8Array {
  return new OnnxModelBuilder().input('x', [1, 4]).node('Relu', ['x'], ['y']).output('y', [1, 4]).toBytes();
}
