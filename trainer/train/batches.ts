// Minibatches from a seeded shuffle: a stream of images that reshuffles at each epoch boundary,
// so every batch is full and the same seed gives the same batches. Augmentation (random shift
// with zero padding, optional horizontal flip) runs here in JS, so it is backend-independent.

import type { ImageSet } from '../contract.ts';
import { createRandom, deriveSeed } from '../model/random.ts';
import type { Random } from '../model/random.ts';

export interface Batch {
  /** batch·h·w·c floats. */
  readonly images: Float32Array;
  readonly labels: Int32Array;
}

export interface Augment {
  readonly shift: number;
  readonly flip: boolean;
}

export class BatchStream {
  private readonly shuffle: Random;
  private readonly augmentRandom: Random;
  private order: Int32Array;
  private position = 0;
  private readonly images: Float32Array;
  private readonly labels: Int32Array;

  constructor(
    private readonly set: ImageSet,
    private readonly batchSize: number,
    private readonly augment: Augment,
    seed: number,
  ) {
    this.shuffle = createRandom(deriveSeed(seed, 'shuffle'));
    this.augmentRandom = createRandom(deriveSeed(seed, 'augment'));
    this.order = this.shuffle.shuffle(Int32Array.from({ length: set.count }, (_, i) => i));
    const [h, w, c] = set.shape;
    // Reused for every batch: the stream never allocates per step.
    this.images = new Float32Array(batchSize * h * w * c);
    this.labels = new Int32Array(batchSize);
  }

  /** The next batch; its arrays are overwritten by the following call. */
  next(): Batch {
    const [h, w, c] = this.set.shape;
    const size = h * w * c;
    for (let i = 0; i < this.batchSize; i++) {
      if (this.position === this.order.length) {
        this.shuffle.shuffle(this.order);
        this.position = 0;
      }
      const from = this.order[this.position++] as number;
      this.labels[i] = this.set.labels[from] as number;
      const source = this.set.images.subarray(from * size, (from + 1) * size);
      const target = this.images.subarray(i * size, (i + 1) * size);
      if (this.augment.shift === 0 && !this.augment.flip) target.set(source);
      else this.shifted(source, target);
    }
    return { images: this.images, labels: this.labels };
  }

  private shifted(source: Float32Array, target: Float32Array): void {
    const [h, w, c] = this.set.shape;
    const s = this.augment.shift;
    const dy = this.augmentRandom.int(2 * s + 1) - s;
    const dx = this.augmentRandom.int(2 * s + 1) - s;
    const flip = this.augment.flip && this.augmentRandom.next() < 0.5;
    for (let y = 0; y < h; y++) {
      const sy = y + dy;
      for (let x = 0; x < w; x++) {
        const sx = (flip ? w - 1 - x : x) + dx;
        const to = (y * w + x) * c;
        if (sy < 0 || sy >= h || sx < 0 || sx >= w) target.fill(0, to, to + c);
        else for (let k = 0; k < c; k++) target[to + k] = source[(sy * w + sx) * c + k] as number;
      }
    }
  }
}
