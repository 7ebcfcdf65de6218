// THE acceptance test of the training engine: a small network (an architecture JSON fixture)
// trained for one epoch on Fashion-MNIST on the wasm backend reaches ≥ 85% accuracy on the TEST
// split, within two minutes. Skipped, visibly, where Debian's dataset-fashion-mnist is absent.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { filesIn, SYSTEM_FASHION_MNIST } from '../../../trainer/data/fashion-mnist.ts';
import { loadDataset } from '../../../trainer/data/load-dataset.ts';
import { buildModel } from '../../../trainer/model/build-model.ts';
import { evaluate } from '../../../trainer/train/evaluate.ts';
import { createLocalTrainer } from '../../../trainer/train/local-trainer.ts';

const present = filesIn(SYSTEM_FASHION_MNIST) !== undefined;
if (!present)
  console.warn(
    `SKIPPED: Fashion-MNIST acceptance test — ${SYSTEM_FASHION_MNIST} not found (apt install dataset-fashion-mnist)`,
  );

describe('Fashion-MNIST, one epoch on wasm', () => {
  it.skipIf(!present)(
    'reaches ≥ 85% test accuracy in under two minutes',
    async () => {
      const started = performance.now();
      const arch = parseArchitecture(
        JSON.parse(
          readFileSync(new URL('../../fixtures/architectures/fashion-small.json', import.meta.url), 'utf8'),
        ),
      );
      const data = await loadDataset({
        source: { kind: 'fashion-mnist', path: SYSTEM_FASHION_MNIST },
        seed: 0,
      });
      const result = await createLocalTrainer({ backend: 'wasm' }).train(arch, data, {
        budget: { epochs: 1 },
        batchSize: 128,
        optimizer: 'adam',
        seed: 0,
      });
      const model = buildModel(arch, { weights: result.weights });
      const test = evaluate(model, data.test ?? data.validation);
      model.dispose();
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `fashion-small: test ${(test.accuracy * 100).toFixed(2)}%, validation ${(result.validationAccuracy * 100).toFixed(2)}%, ` +
          `${result.imagesSeen} images in ${result.seconds.toFixed(1)} s training (${(result.imagesSeen / result.seconds).toFixed(0)} img/s), ${seconds.toFixed(1)} s total`,
      );
      expect(data.test?.count).toBe(10_000);
      expect(test.accuracy).toBeGreaterThanOrEqual(0.85);
      expect(seconds).toBeLessThan(120);
    },
    180_000,
  );
});
