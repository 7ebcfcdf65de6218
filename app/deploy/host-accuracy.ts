// The host's side of the comparison: the same architecture and weights in tfjs (the trainer's
// backend), run on the same test images, top-1 class per image (the same argmax the trainer's
// evaluate scores), so the device's classes can be compared image by image.
import type { Architecture } from '../../search/architecture/types.ts';
import type { ArchitectureWeights } from '../../search/architecture/weights.ts';
import type { ImageSet } from '../../trainer/contract.ts';
import { accuracyOf } from './test-inputs.ts';

export interface HostEvaluation {
  readonly accuracy: number;
  readonly predictions: number[];
  /** The tfjs backend used ('wasm', 'tfjs-node', 'cpu'). */
  readonly backend: string;
}

export async function hostEvaluate(
  arch: Architecture,
  weights: ArchitectureWeights,
  set: ImageSet,
  batchSize = 500,
): Promise<HostEvaluation> {
  const { getTf, initBackend } = await import('../../trainer/backend/index.ts');
  const { buildModel } = await import('../../trainer/model/build-model.ts');
  const info = await initBackend('auto');
  const tf = getTf();
  const model = buildModel(arch, { weights });
  try {
    const [h, w, c] = set.shape;
    const size = h * w * c;
    const predictions: number[] = [];
    for (let start = 0; start < set.count; start += batchSize) {
      const n = Math.min(batchSize, set.count - start);
      const top = tf.tidy(() => {
        const x = tf.tensor4d(set.images.subarray(start * size, (start + n) * size), [n, h, w, c]);
        return tf.argMax(model.forward(x, false), 1);
      });
      predictions.push(...(top.dataSync() as Int32Array));
      top.dispose();
    }
    return { accuracy: accuracyOf(predictions, set.labels), predictions, backend: info.name };
  } finally {
    model.dispose();
  }
}
