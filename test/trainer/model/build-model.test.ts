// The model builder: every op family builds with the shapes the architecture promises, padding
// follows TensorFlow, and weights round-trip exactly through getWeights → buildModel.

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ArchitectureBuilder } from '../../../search/architecture/builder.ts';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { nodeFacts } from '../../../search/architecture/shapes.ts';
import type { Architecture } from '../../../search/architecture/types.ts';
import type { ArchitectureWeights } from '../../../search/architecture/weights.ts';
import { initBackend } from '../../../trainer/backend/index.ts';
import { buildModel } from '../../../trainer/model/build-model.ts';
import { trainerOps } from '../../../trainer/model/registry.ts';
import { knownOps } from '../../../search/architecture/schema.ts';

beforeAll(async () => {
  await initBackend('cpu');
});

/** One network that uses every op family, including the stride-plus-dilation special case. */
function everyOpArch(): Architecture {
  const b = new ArchitectureBuilder('every-op', [9, 10, 3], 4);
  const stem = b.conv(b.input, 6, 3, { strides: 2, useBias: true }); // 5×5×6
  const dil = b.conv(stem, 6, 3, { dilations: 2 });
  const strideDil = b.conv(b.input, 6, 3, { strides: 2, dilations: 2 }); // 5×5×6
  const dw = b.depthwise(stem, 5, { strides: 1, useBias: true });
  const dwSD = b.depthwise(b.input, 3, { strides: 2, dilations: 2 }); // 5×5×3
  const factor = b.conv(b.conv(stem, 6, [1, 7]), 6, [7, 1]);
  const sum = b.add([dil, strideDil, dw, factor]);
  const bn = b.batchNorm(sum);
  const act = b.activation(bn, 'hardSwish');
  const maxp = b.pool(act, 'max', 3, 1);
  const avgp = b.pool(act, 'avg', 3, 2, 'same'); // 3×3
  const avgValid = b.pool(maxp, 'avg', 2, 2, 'valid'); // 2×2
  const cat = b.concat([b.pool(avgp, 'max', 2, 1, 'valid'), avgValid, b.pool(dwSD, 'max', 3, 2, 'valid')]); // 2×2×(6+6+3)
  const flat = b.flatten(b.activation(cat, 'relu6'));
  const gap = b.globalPool(b.activation(avgp, 'sigmoid'), 'max');
  const head = b.dense(b.activation(b.dense(flat, 8), 'tanh'), 4);
  const head2 = b.dense(b.activation(b.batchNorm(gap), 'hardSigmoid'), 4, false);
  return parseArchitecture(b.build(b.add([head, head2])));
}

describe('buildModel', () => {
  it('knows every op of the architecture format', () => {
    expect([...trainerOps].sort()).toEqual([...knownOps].sort());
  });

  it('produces, for every node, the shape the architecture format promises', () => {
    const arch = everyOpArch();
    const model = buildModel(arch, { seed: 1 });
    const facts = nodeFacts(arch);
    const x = tf.randomUniform([2, 9, 10, 3]) as tf.Tensor4D;
    for (const training of [false, true]) {
      const shapes = tf.tidy(() => {
        const values = model.forwardNodes(x, training);
        return facts.map((f) => [f.node.id, ...(values.get(f.node.id)?.shape ?? [])]);
      });
      expect(shapes).toEqual(facts.map((f) => [f.node.id, 2, ...f.outputShape]));
    }
    const logits = tf.tidy(() => model.forward(x, false));
    expect(logits.shape).toEqual([2, 4]);
    logits.dispose();
    x.dispose();
    model.dispose();
  });

  it('pads like TensorFlow: odd padding goes at the end', () => {
    const b = new ArchitectureBuilder('pad', [4, 4, 1], 4);
    const arch = b.build(b.flatten(b.conv(b.input, 1, 3, { strides: 2 })));
    const model = buildModel(arch, {
      weights: { conv: { kernel: { shape: [3, 3, 1, 1], data: new Float32Array(9).fill(1) } } },
    });
    const x = tf.tensor4d(
      Array.from({ length: 16 }, (_, i) => i),
      [1, 4, 4, 1],
    );
    const y = tf.tidy(() => model.forward(x, false));
    // TensorFlow pads 0 before and 1 after: the first output sums rows 0–2 × cols 0–2 (padding
    // before would give 10), the last rows 2–3 × cols 2–3.
    expect(Array.from(y.dataSync())).toEqual([45, 39, 66, 50]);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('reproduces its outputs from its own weights', () => {
    const arch = everyOpArch();
    const a = buildModel(arch, { seed: 7 });
    const x = tf.randomNormal([3, 9, 10, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    // One training-mode pass moves the batch-norm statistics away from their initial values.
    tf.tidy(() => a.forward(x, true));
    const b = buildModel(arch, { weights: a.getWeights() });
    const ya = tf.tidy(() => a.forward(x, false));
    const yb = tf.tidy(() => b.forward(x, false));
    expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
    expect(b.getWeights()).toEqual(a.getWeights());
    const moving = a.getWeights().bn?.movingMean?.data ?? new Float32Array();
    expect(Array.from(moving).some((v) => v !== 0)).toBe(true);
    tf.dispose([x, ya, yb]);
    a.dispose();
    b.dispose();
  });

  it('gives the same outputs on wasm as on cpu, in both modes', async () => {
    const arch = everyOpArch();
    const xData = Float32Array.from({ length: 3 * 9 * 10 * 3 }, (_, i) => Math.cos(i * 0.71));
    const run = (weights?: ArchitectureWeights): { out: number[][]; weights: ArchitectureWeights } => {
      const model = buildModel(arch, weights === undefined ? { seed: 2 } : { weights });
      const x = tf.tensor4d(xData, [3, 9, 10, 3]);
      const before = model.getWeights();
      const out = [true, false].map((training) =>
        tf.tidy(() => Array.from(model.forward(x, training).dataSync())),
      );
      x.dispose();
      model.dispose();
      return { out, weights: before };
    };
    const cpu = run();
    await initBackend('wasm');
    try {
      const wasm = run(cpu.weights);
      wasm.out.forEach((values, mode) =>
        values.forEach((v, i) => expect(v).toBeCloseTo(cpu.out[mode]?.[i] ?? NaN, 4)),
      );
    } finally {
      await initBackend('cpu');
    }
  });

  it('initialises identically from the same seed and differently from another', () => {
    const arch = everyOpArch();
    const [a, b, c] = [
      buildModel(arch, { seed: 5 }),
      buildModel(arch, { seed: 5 }),
      buildModel(arch, { seed: 6 }),
    ];
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(a.getWeights().conv?.kernel?.data).not.toEqual(c.getWeights().conv?.kernel?.data);
    for (const m of [a, b, c]) m.dispose();
  });

  it('rejects weights of the wrong shape or for unknown nodes', () => {
    const arch = everyOpArch();
    const model = buildModel(arch, { seed: 1 });
    const weights = model.getWeights();
    const bad = { ...weights, conv: { ...weights.conv, kernel: { shape: [1], data: new Float32Array(1) } } };
    expect(() => buildModel(arch, { weights: bad })).toThrow(/WEIGHTS_INVALID|conv\.kernel/);
    expect(() =>
      buildModel(arch, {
        weights: { ...weights, ghost: { bias: { shape: [1], data: new Float32Array(1) } } },
      }),
    ).toThrow(/ghost\.bias/);
    const { conv: _dropped, ...missing } = weights;
    expect(() => buildModel(arch, { weights: missing })).toThrow(/lack conv\.kernel/);
    model.dispose();
  });

  it('uses batch statistics in training mode and moving statistics in inference mode', () => {
    const b = new ArchitectureBuilder('bn', [1, 1, 2], 2);
    const arch = b.build(b.flatten(b.batchNorm(b.input)));
    const model = buildModel(arch, { batchNormMomentum: 0.9 });
    const x = tf.tensor4d([1, 10, 3, 30], [2, 1, 1, 2]);
    const train = tf.tidy(() => model.forward(x, true));
    const eps = 1e-3;
    expect(train.dataSync()[0]).toBeCloseTo(-1 / Math.sqrt(1 + eps), 4);
    const w = model.getWeights().bn;
    expect(Array.from(w?.movingMean?.data ?? [])).toEqual([Math.fround(0.2), Math.fround(2)]);
    expect(w?.movingVariance?.data[0]).toBeCloseTo(0.9 + 0.1 * 1, 5);
    const infer = tf.tidy(() => model.forward(x, false));
    expect(infer.dataSync()[0]).toBeCloseTo((1 - 0.2) / Math.sqrt(1 + eps), 4);
    tf.dispose([x, train, infer]);
    model.dispose();
  });
});
