// A tiny learnable task and network for training tests: 8×8 grey images whose class says which
// half is brighter. Small enough to train in well under a second.

import { ArchitectureBuilder } from '../../../search/architecture/builder.ts';
import type { Architecture } from '../../../search/architecture/types.ts';
import type { DatasetSplits, ImageSet } from '../../../trainer/contract.ts';
import { createRandom } from '../../../trainer/model/random.ts';

export function tinyArch(): Architecture {
  const b = new ArchitectureBuilder('tiny', [8, 8, 1], 2);
  const c1 = b.convBnAct(b.input, 4, 3, { strides: 2 });
  const dw = b.activation(b.batchNorm(b.depthwise(c1, 3)), 'relu6');
  return b.build(b.dense(b.flatten(b.conv(dw, 4, 1, { useBias: true })), 2));
}

export function tinySet(count: number, seed: number): ImageSet {
  const random = createRandom(seed);
  const images = new Float32Array(count * 64);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const label = random.int(2);
    labels[n] = label;
    for (let p = 0; p < 64; p++) {
      const bright = p % 8 < 4 === (label === 0);
      images[n * 64 + p] = (bright ? 0.6 : 0.2) + 0.4 * random.next();
    }
  }
  return { images, labels, count, shape: [8, 8, 1] };
}

export function tinySplits(): DatasetSplits {
  return { train: tinySet(256, 1), validation: tinySet(100, 2) };
}
