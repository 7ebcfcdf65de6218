// Saved run settings: a run stored before a setting existed resumes as it ran.
import { describe, expect, it } from 'vitest';
import { planRun } from '../../../app/search/plan-run.ts';
import { parseRunConfig } from '../../../app/search/run-config.ts';
import { QUICKSTART_PLAN } from './plan-input.ts';

describe('parseRunConfig', () => {
  const saved = planRun(QUICKSTART_PLAN);

  it('keeps the runoff a run saved', () => {
    expect(parseRunConfig(JSON.parse(JSON.stringify(saved)), 'run').runoff).toBe(saved.runoff);
    expect(parseRunConfig({ ...saved, runoff: 0 }, 'run').runoff).toBe(0);
  });

  it('resumes a run saved before the runoff existed without one (it chose by the first pass)', () => {
    const { runoff: _runoff, ...older } = saved;
    expect(parseRunConfig(older, 'run').runoff).toBe(0);
  });

  it('resumes a run saved before runoff passes were longer with its child-length passes', () => {
    expect(saved.runoffImages).toBe(3 * saved.childImages);
    const { runoffImages: _longer, ...older } = saved;
    expect(parseRunConfig(older, 'run').runoffImages).toBe(saved.childImages);
    expect(parseRunConfig(saved, 'run').runoffImages).toBe(saved.runoffImages);
  });

  it('refuses settings it cannot read in one line', () => {
    expect(() => parseRunConfig({ version: 2 }, 'run')).toThrow(/^run holds no search settings/);
  });
});
