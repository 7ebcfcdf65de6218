// Deterministic parameter initialisation from a seed, computed in JS so every backend starts
// from identical numbers: He normal for convolutions, Glorot uniform for dense kernels.

import type { Initializer } from './op.ts';
import type { Random } from './random.ts';

export function initialValues(init: Initializer, size: number, random: Random): Float32Array {
  const out = new Float32Array(size);
  switch (init.kind) {
    case 'zeros':
      return out;
    case 'ones':
      return out.fill(1);
    case 'heNormal': {
      // Truncated at two standard deviations, as Keras's he_normal does.
      const std = Math.sqrt(2 / init.fanIn) / 0.8796256610342398;
      for (let i = 0; i < size; i++) out[i] = truncatedNormal(random) * std;
      return out;
    }
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / (init.fanIn + init.fanOut));
      for (let i = 0; i < size; i++) out[i] = (random.next() * 2 - 1) * limit;
      return out;
    }
  }
}

function truncatedNormal(random: Random): number {
  for (;;) {
    const z = random.normal();
    if (Math.abs(z) <= 2) return z;
  }
}
