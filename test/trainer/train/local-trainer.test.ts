// The training loop, as one suite run on every built-in backend (STYLE.md §10): it learns, it is
// deterministic under a seed, it keeps memory flat across steps and frees everything at the end,
// and it honours its budgets.

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../trainer/backend/index.ts';
import type { BackendName } from '../../../trainer/backend/index.ts';
import { buildModel } from '../../../trainer/model/build-model.ts';
import { evaluate } from '../../../trainer/train/evaluate.ts';
import { createLocalTrainer } from '../../../trainer/train/local-trainer.ts';
import { tinyArch, tinySplits } from './tiny.ts';

const data = tinySplits();

describe.each<BackendName>(['wasm', 'cpu'])('local trainer on %s', (backend) => {
  const trainer = createLocalTrainer({ backend });
  beforeAll(async () => {
    await initBackend(backend);
  });

  it('learns an easy task and returns the result the contract promises', async () => {
    const r = await trainer.train(tinyArch(), data, { budget: { epochs: 4 }, batchSize: 32, seed: 1 });
    expect(r.validationAccuracy).toBeGreaterThan(0.9);
    expect(r.backend).toBe(backend);
    expect(r.imagesSeen).toBe(1024);
    expect(r.lossCurve).toHaveLength(32);
    expect(r.lossCurve.at(-1)?.loss ?? Infinity).toBeLessThan(r.lossCurve[0]?.loss ?? 0);
    expect(r.validationLoss).toBeGreaterThan(0);
    // The returned weights reproduce the validation accuracy in a freshly built model.
    const model = buildModel(tinyArch(), { weights: r.weights });
    expect(evaluate(model, data.validation, 7).accuracy).toBeCloseTo(r.validationAccuracy, 10);
    model.dispose();
  });

  it('is deterministic under a seed', async () => {
    const options = {
      budget: { images: 320 },
      batchSize: 32,
      seed: 9,
      augment: { shift: 1, flip: true },
    } as const;
    const a = await trainer.train(tinyArch(), data, options);
    const b = await trainer.train(tinyArch(), data, options);
    const c = await trainer.train(tinyArch(), data, { ...options, seed: 10 });
    expect(b.lossCurve).toEqual(a.lossCurve);
    expect(b.weights).toEqual(a.weights);
    expect(c.lossCurve).not.toEqual(a.lossCurve);
  });

  it('keeps the tensor count flat across steps and frees everything at the end', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    // Weight decay 0 makes the data loss the cost itself, which minimize disposes.
    for (const [optimizer, weightDecay] of [
      ['adam', 1e-3],
      ['sgd', 1e-3],
      ['adam', 0],
    ] as const) {
      counts.length = 0;
      const r = await trainer.trainWithHooks(
        tinyArch(),
        data,
        { budget: { images: 320 }, batchSize: 32, optimizer, weightDecay },
        { onStep: () => counts.push(tf.memory().numTensors) },
      );
      expect(r.lossCurve.every((p) => Number.isFinite(p.loss))).toBe(true);
      // Step 1 creates the optimizer's slots; from then on nothing may accumulate.
      expect(new Set(counts.slice(1)).size, `${optimizer}: ${counts.join(',')}`).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('stops at the first budget reached', async () => {
    const byEpochs = await trainer.train(tinyArch(), data, {
      budget: { epochs: 0.5, images: 10_000 },
      batchSize: 32,
    });
    expect(byEpochs.imagesSeen).toBe(128);
    const started = performance.now();
    const bySeconds = await trainer.train(tinyArch(), data, { budget: { seconds: 0.3 }, batchSize: 32 });
    expect(bySeconds.imagesSeen).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('rejects bad options and data that do not fit the architecture', async () => {
    await expect(trainer.train(tinyArch(), data, { batchSize: 0 })).rejects.toThrow(
      /batch size must be a positive integer/,
    );
    await expect(trainer.train(tinyArch(), data, { budget: { epochs: -1 } })).rejects.toThrow(
      /budget epochs must be positive/,
    );
    const wrong = { ...data, train: { ...data.train, shape: [4, 16, 1] as const } };
    await expect(trainer.train(tinyArch(), wrong)).rejects.toThrow(
      /takes 8×8×1 images but the train split holds 4×16×1/,
    );
    const labels = Int32Array.from(data.validation.labels, () => 5);
    await expect(
      trainer.train(tinyArch(), { ...data, validation: { ...data.validation, labels } }),
    ).rejects.toThrow(/label 5 but tiny has 2 classes/);
  });
});
