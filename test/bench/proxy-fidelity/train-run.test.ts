import { describe, expect, it } from 'vitest';
import { parseTrainOutput, trainArgs } from '../../../bench/proxy-fidelity/train-run.ts';

describe('train-run', () => {
  it('trains every candidate alike: same dataset, seconds, batch size and seed, JSON out', () => {
    const s = { dataset: 'fashion-mnist', budget: { seconds: 120 }, batchSize: 128, seed: 0 };
    expect(trainArgs('run/candidates/7.json', s, 'out/train-7')).toEqual([
      'train',
      'run/candidates/7.json',
      '--dataset',
      'fashion-mnist',
      '--seconds',
      '120',
      '--batch-size',
      '128',
      '--seed',
      '0',
      '--out',
      'out/train-7',
      '--json',
    ]);
    const epochs = { ...s, budget: { epochs: 8 } };
    expect(trainArgs('a.json', epochs, 'o').slice(4, 6)).toEqual(['--epochs', '8']);
  });

  it('reads memnas train --json output and refuses one without a test accuracy', () => {
    const ok = {
      validationAccuracy: 0.88,
      testAccuracy: 0.87,
      seconds: 120.4,
      imagesSeen: 90000,
      lossCurve: [],
    };
    expect(parseTrainOutput(JSON.stringify(ok), 'x')).toEqual({
      testAccuracy: 0.87,
      validationAccuracy: 0.88,
      seconds: 120.4,
      imagesSeen: 90000,
    });
    const { testAccuracy: _, ...noTest } = ok;
    expect(() => parseTrainOutput(JSON.stringify(noTest), 'train 7')).toThrow('train 7 has no testAccuracy');
    expect(() => parseTrainOutput('weights: x', 'train 7')).toThrow(/train 7 is not JSON/);
    expect(() => parseTrainOutput('null', 'train 7')).toThrow(/has no/);
  });
});
