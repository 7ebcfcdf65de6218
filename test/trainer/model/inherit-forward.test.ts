// Weight inheritance preserves the parent's function: a grown child built from its parent's
// weights (inheritWeights) computes the parent's logits before any training, for every op pair
// and input choice a grow can add, and a widened child too; trims and narrowed children keep what
// they did not touch.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { randomWeights } from '../../../search/architecture/random-weights.ts';
import type { Architecture } from '../../../search/architecture/types.ts';
import type { ArchitectureWeights } from '../../../search/architecture/weights.ts';
import { createRng } from '../../../search/random.ts';
import { buildArchitecture, type SpaceInput } from '../../../search/space/build.ts';
import type { Genotype } from '../../../search/space/genotype.ts';
import {
  growCandidates,
  seedCandidates,
  trimCandidates,
  widthCandidates,
} from '../../../search/space/grow-trim.ts';
import { inheritWeights } from '../../../search/space/inherit.ts';
import { initBackend } from '../../../trainer/backend/index.ts';
import { buildModel } from '../../../trainer/model/build-model.ts';

const space: SpaceInput = { shape: [12, 12, 1], classes: 5 };

beforeAll(async () => {
  await initBackend('cpu');
});

function logits(
  arch: Architecture,
  init: { weights?: ArchitectureWeights; initialWeights?: ArchitectureWeights },
  x: Float32Array,
): Float32Array {
  const model = buildModel(arch, { seed: 3, ...init });
  try {
    return tf.tidy(() => model.forward(tf.tensor4d(x, [2, 12, 12, 1]), false).dataSync() as Float32Array);
  } finally {
    model.dispose();
  }
}

function input(): Float32Array {
  const rng = createRng(9);
  return Float32Array.from({ length: 2 * 144 }, () => rng.next());
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

/** A two-cell parent whose second cell reads the first and whose blocks concatenate both. */
function twoCellParent(): Genotype {
  const seed = seedCandidates(4, 4, 2).find(
    (c) => c.mutation.kind === 'seed' && c.mutation.ops[0] === 'sepConv3x3',
  )!;
  return growCandidates(seed.genotype).find(
    (c) => c.mutation.kind === 'grow' && c.mutation.cell.inputs[0] === 1,
  )!.genotype;
}

describe('inheritWeights', () => {
  it("a grown child computes its parent's logits to 1e-5, for grows of every kind", () => {
    const parentG = twoCellParent();
    const parent = buildArchitecture(parentG, space, 'parent');
    const weights = randomWeights(parent, 1);
    const x = input();
    const want = logits(parent, { weights }, x);
    const grows = growCandidates(parentG);
    const rng = createRng(4);
    const sample = Array.from({ length: 12 }, () => grows[rng.int(grows.length)]!);
    for (const g of sample) {
      const child = buildArchitecture(g.genotype, space, 'child');
      const initialWeights = inheritWeights({ architecture: parent, weights }, child, g.mutation, 2);
      expect(maxDiff(logits(child, { initialWeights }, x), want)).toBeLessThan(1e-5);
    }
  });

  it('a grow of a single-cell seed (the block output becomes a concatenation) preserves the function', () => {
    for (const s of seedCandidates(4, 4, 2).slice(0, 7)) {
      const parent = buildArchitecture(s.genotype, space, 'parent');
      const weights = randomWeights(parent, 2);
      const x = input();
      const g = growCandidates(s.genotype)[5]!;
      const child = buildArchitecture(g.genotype, space, 'child');
      const initialWeights = inheritWeights({ architecture: parent, weights }, child, g.mutation, 1);
      expect(maxDiff(logits(child, { initialWeights }, x), logits(parent, { weights }, x))).toBeLessThan(
        1e-5,
      );
    }
  });

  it('the function-preserving zero rows still learn: a training step moves the logits', () => {
    const s = seedCandidates(4, 4, 2)[3]!;
    const parent = buildArchitecture(s.genotype, space, 'parent');
    const weights = randomWeights(parent, 2);
    const g = growCandidates(s.genotype)[0]!;
    const child = buildArchitecture(g.genotype, space, 'child');
    const initialWeights = inheritWeights({ architecture: parent, weights }, child, g.mutation, 1);
    const model = buildModel(child, { seed: 3, initialWeights });
    const cls = model.variables.find((v) => v.name.length > 0 && v.shape.length === 2)!;
    const before = cls.dataSync().slice();
    const opt = tf.train.sgd(0.1);
    const x = tf.tensor4d(input(), [2, 12, 12, 1]);
    const y = tf.oneHot(tf.tensor1d([1, 3], 'int32'), 5);
    opt.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.forward(x, true)) as tf.Scalar,
      false,
      model.trainableVariables as tf.Variable[],
    );
    const after = cls.dataSync();
    const rows = before.length / 5;
    const newRows = Array.from({ length: 5 * (rows / 2) }, (_, i) => after[before.length / 2 + i]!);
    expect(newRows.some((v) => v !== 0)).toBe(true);
    model.dispose();
  });

  it("a widened child computes its parent's logits to 1e-5: every seed, and a two-cell parent", () => {
    const parents = [...seedCandidates(4, 4, 2).map((c) => c.genotype), twoCellParent()];
    const x = input();
    parents.forEach((parentG, i) => {
      const parent = buildArchitecture(parentG, space, 'parent');
      const weights = randomWeights(parent, 10 + i);
      const wider = widthCandidates(parentG).find((c) => c.genotype.width > parentG.width)!;
      expect(wider.genotype.width).toBe(5);
      const child = buildArchitecture(wider.genotype, space, 'child');
      const cells = parentG.blocks[0]!.cells.length;
      const initialWeights = inheritWeights({ architecture: parent, weights }, child, wider.mutation, cells);
      expect(Object.keys(initialWeights).sort()).toEqual(Object.keys(weights).sort());
      expect(maxDiff(logits(child, { initialWeights }, x), logits(parent, { weights }, x))).toBeLessThan(
        1e-5,
      );
    });
  });

  it("a narrowed child keeps its parent's first filters and runs", () => {
    const parentG = twoCellParent();
    const parent = buildArchitecture(parentG, space, 'parent');
    const weights = randomWeights(parent, 6);
    const narrow = widthCandidates(parentG).find((c) => c.genotype.width < parentG.width)!;
    const child = buildArchitecture(narrow.genotype, space, 'child');
    const inherited = inheritWeights({ architecture: parent, weights }, child, narrow.mutation, 2);
    expect(Object.keys(inherited).sort()).toEqual(Object.keys(weights).sort());
    const [was, now] = [weights['b1c1o1_bn']!.gamma!, inherited['b1c1o1_bn']!.gamma!];
    expect(Array.from(now.data)).toEqual(Array.from(was.data.subarray(0, 3)));
    expect(logits(child, { initialWeights: inherited }, input()).every(Number.isFinite)).toBe(true);
  });

  it('a trim keeps every parameter it did not touch and leaves the replaced branch to fresh initialisation', () => {
    const parentG = twoCellParent();
    const parent = buildArchitecture(parentG, space, 'parent');
    const weights = randomWeights(parent, 5);
    for (const t of trimCandidates(parentG)) {
      const child = buildArchitecture(t.genotype, space, 'child');
      const inherited = inheritWeights({ architecture: parent, weights }, child, t.mutation, 2);
      if (t.mutation.kind === 'trim-op') {
        const prefix = `b${t.mutation.block + 1}c${t.mutation.cell + 1}o${t.mutation.branch + 1}_`;
        expect(Object.keys(inherited).some((id) => id.startsWith(prefix))).toBe(false);
      }
      expect(inherited['stem_conv']!.kernel!.data).toEqual(weights['stem_conv']!.kernel!.data);
      // Builds (every inherited tensor has the child's shape) and runs.
      expect(logits(child, { initialWeights: inherited }, input()).every(Number.isFinite)).toBe(true);
    }
  });
});
