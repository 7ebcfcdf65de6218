import { describe, expect, it } from 'vitest';
import { deviations } from '../../../app/search/deviations.ts';
import { planRun } from '../../../app/search/plan-run.ts';
import type { RunConfig } from '../../../app/search/run-config.ts';
import { QUICKSTART_PLAN } from './plan-input.ts';

const config = planRun(QUICKSTART_PLAN);
const roundsLine = (c: RunConfig) => deviations(c, true).find((l) => l.startsWith('Rounds 0 and 1'))!;

describe('deviations', () => {
  it("says the controller's warm-up round takes every kind of change in turn", () => {
    expect(roundsLine(config)).toContain('round 1 takes grows, trims and width steps in turn');
  });

  it('does not say so for the random picker, whose rounds are all a uniform draw', () => {
    expect(roundsLine(planRun({ ...QUICKSTART_PLAN, picker: 'random' }))).not.toContain('in turn');
  });

  it("names the run's own width steps from the ladder", () => {
    expect(config.width).toBe(8);
    expect(deviations(config, true).join('\n')).toContain('8 → 10 or 6 channels');
  });

  it('describes the runoff when a run has one, and not when it has none', () => {
    const runoff = (c: RunConfig) => deviations(c, true).filter((l) => l.includes('runoff'));
    expect(config.runoff).toBe(2);
    expect(runoff(config)).toHaveLength(1);
    expect(runoff(config)[0]).toContain('up to 2 children that beat the baseline');
    expect(runoff({ ...config, runoff: 0 })).toEqual([]);
  });
});
