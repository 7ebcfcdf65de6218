// Copies chosen samples of an ImageSet into a new one, and the seeded train/validation split
// built on it.

import type { ImageSet } from '../contract.ts';
import { createRandom, deriveSeed } from '../model/random.ts';

export function subset(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const size = set.shape[0] * set.shape[1] * set.shape[2];
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] as number;
    images.set(set.images.subarray(from * size, (from + 1) * size), i * size);
    labels[i] = set.labels[from] as number;
  }
  return { images, labels, count: indices.length, shape: set.shape };
}

/** Shuffles sample indices by seed and carves `fraction` of them off as the validation split. */
export function splitBySeed(
  set: ImageSet,
  fraction: number,
  seed: number,
): { train: ImageSet; validation: ImageSet } {
  const order = createRandom(deriveSeed(seed, 'split')).shuffle(
    Int32Array.from({ length: set.count }, (_, i) => i),
  );
  const validationCount = Math.round(set.count * fraction);
  return {
    validation: subset(set, order.subarray(0, validationCount)),
    train: subset(set, order.subarray(validationCount)),
  };
}
