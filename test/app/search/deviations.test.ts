import { describe, expect, it } from 'vitest';
import { deviations } from '../../../app/search/deviations.ts';
import { RUN_CONFIG_VERSION, type RunConfig } from '../../../app/search/run-config.ts';

const config: RunConfig = {
  version: RUN_CONFIG_VERSION,
  dataset: 'fashion-mnist',
  memoryBudgetBytes: 300_000,
  lambda: 0.5,
  objective: 'budget',
  picker: 'controller',
  device: null,
  seed: 0,
  width: 8,
  stem: 8,
  seedSize: 12,
  k: 8,
  maxCells: 6,
  patience: null,
  candidateImages: 4000,
  childImages: 4000,
  validationImages: 2000,
  input: { shape: [28, 28, 1], classes: 10 },
};
const roundsLine = (c: RunConfig) => deviations(c, true).find((l) => l.startsWith('Rounds 0 and 1'))!;

describe('deviations', () => {
  it("says the controller's warm-up round takes every kind of change in turn", () => {
    expect(roundsLine(config)).toContain('round 1 takes grows, trims and width steps in turn');
  });

  it('does not say so for the random picker, whose rounds are all a uniform draw', () => {
    expect(roundsLine({ ...config, picker: 'random' })).not.toContain('in turn');
  });

  it("names the run's own width steps from the ladder", () => {
    expect(deviations(config, true).join('\n')).toContain('8 → 10 or 6 channels');
  });
});
