import { describe, expect, it } from 'vitest';
import type { RunFigures } from '../../../bench/search-vs-random/figures.ts';
import { judgeSeed, verdictText } from '../../../bench/search-vs-random/verdict.ts';

const fig = (best: number | null, hv: number): RunFigures => ({
  bestTestAccuracy: best,
  bestId: best === null ? null : 1,
  hypervolume: hv,
  candidatesTrained: 30,
});

describe('judgeSeed', () => {
  it('passes with a lead of at least 0.5 pt and a larger hypervolume', () => {
    const v = judgeSeed(0, fig(0.885, 0.6), fig(0.88, 0.5));
    expect(v.leadPoints).toBeCloseTo(0.5, 9);
    expect(v.pass).toBe(true);
    expect(v.failures).toEqual([]);
  });

  it('fails on a smaller lead, on an equal or smaller hypervolume, and names both', () => {
    const v = judgeSeed(1, fig(0.884, 0.5), fig(0.88, 0.5));
    expect(v.pass).toBe(false);
    expect(v.failures).toEqual([
      'best within budget leads random by 0.40 pt (< 0.5)',
      "hypervolume 0.5000 is not above random's 0.5000",
    ]);
    expect(judgeSeed(1, fig(0.95, 0.4), fig(0.88, 0.5)).failures).toHaveLength(1);
  });

  it('fails when the controller has nothing within the budget, passes when only random has nothing', () => {
    expect(judgeSeed(0, fig(null, 0), fig(0.8, 0.2)).failures[0]).toMatch(/controller has no model/);
    const v = judgeSeed(0, fig(0.8, 0.2), fig(null, 0));
    expect(v.leadPoints).toBeNull();
    expect(v.pass).toBe(true);
  });
});

describe('verdictText', () => {
  it('prints one row per seed and picker and PASS only when every seed passes', () => {
    const good = judgeSeed(0, fig(0.9, 0.6), fig(0.88, 0.5));
    const bad = judgeSeed(1, fig(0.88, 0.6), fig(0.88, 0.5));
    const pass = verdictText([good]);
    expect(pass.split('\n')).toHaveLength(4);
    expect(pass).toMatch(/^PASS/m);
    expect(pass).toContain('90.00%');
    const fail = verdictText([good, bad]);
    expect(fail).toMatch(/^FAIL/m);
    expect(fail).toContain('seed 1: best within budget leads random by 0.00 pt');
    expect(verdictText([])).toMatch(/^FAIL/m);
  });
});
