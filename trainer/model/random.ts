// The trainer's view of memnas's seeded PRNG (search/random.ts): weight initialisation, the
// train/validation split, minibatch shuffling and augmentation all draw from it.
import { createRng, type Rng } from '../../search/random.ts';

export { deriveSeed } from '../../search/random.ts';

export type Random = Rng;

/** A generator for `seed`, mixed so that seed 0 does not start from state 0. */
export function createRandom(seed: number): Random {
  return createRng((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
}
