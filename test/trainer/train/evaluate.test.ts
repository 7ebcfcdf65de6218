import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../trainer/backend/index.ts';
import { buildModel } from '../../../trainer/model/build-model.ts';
import { correctByImage, evaluate } from '../../../trainer/train/evaluate.ts';
import { tinyArch, tinySet } from './tiny.ts';

describe('correctByImage', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('marks each image the model gets right, agreeing with evaluate in any batching', () => {
    const set = tinySet(101, 3);
    const model = buildModel(tinyArch(), { seed: 5 });
    try {
      const hits = correctByImage(model, set);
      expect(hits).toHaveLength(101);
      expect(hits.every((h) => h === 0 || h === 1)).toBe(true);
      const right = hits.reduce((s, h) => s + h, 0);
      expect(right).toBeGreaterThan(0);
      expect(right).toBeLessThan(101);
      expect(right / 101).toBeCloseTo(evaluate(model, set).accuracy, 12);
      expect(correctByImage(model, set, 7)).toEqual(hits);
    } finally {
      model.dispose();
    }
  });
});
