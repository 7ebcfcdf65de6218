import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSeeds, planRuns, reuseMismatch, searchArgs } from '../../../bench/search-vs-random/plan.ts';

const settings = { dataset: 'fashion-mnist', timeBudget: '12m', memoryBudget: '300KB', seeds: [0, 1] };

describe('search-vs-random plan', () => {
  it('parses --seeds and refuses anything but distinct whole numbers', () => {
    expect(parseSeeds('0,1')).toEqual([0, 1]);
    expect(parseSeeds(' 7 ')).toEqual([7]);
    for (const bad of ['', '0,,1', '-1', '1.5', 'a', '1,1'])
      expect(() => parseSeeds(bad), bad).toThrow(/--seeds/);
  });

  it('runs both pickers per seed, alternating which goes first', () => {
    const runs = planRuns([0, 1, 2], '/r');
    expect(runs.map((r) => `${r.seed}:${r.picker}`)).toEqual([
      '0:controller',
      '0:random',
      '1:random',
      '1:controller',
      '2:controller',
      '2:random',
    ]);
    expect(runs[2]!.dir).toBe(join('/r', 'seed-1', 'random'));
    expect(new Set(runs.map((r) => r.dir)).size).toBe(6);
  });

  it('gives both pickers the same search arguments but for --picker random and the folder', () => {
    const [c, r] = planRuns([3], '/r');
    const a = searchArgs(c!, settings, false);
    const b = searchArgs(r!, settings, false);
    expect(a.slice(-4)).toEqual(['--seed', '3', '--out', join('/r', 'seed-3', 'controller')]);
    expect(b).toEqual([...a.slice(0, -1), join('/r', 'seed-3', 'random'), '--picker', 'random']);
    expect(searchArgs(c!, settings, true).at(-1)).toBe('--resume');
  });
});

describe('reuseMismatch', () => {
  const [run] = planRuns([1], '/r');
  const budgets = { bytes: 300_000, seconds: 720 };
  it('accepts a finished run made with the same picker, seed and budgets (or one that does not say)', () => {
    expect(
      reuseMismatch(
        { picker: 'controller', timeBudgetSeconds: 720, settings: { seed: 1, memoryBudgetBytes: 300_000 } },
        run!,
        budgets,
      ),
    ).toBeNull();
    expect(reuseMismatch({}, run!, budgets)).toBeNull();
  });

  it('refuses a run made with another picker, seed or budget, naming each difference', () => {
    expect(
      reuseMismatch(
        { picker: 'random', timeBudgetSeconds: 1800, settings: { seed: 0, memoryBudgetBytes: 1_000_000 } },
        run!,
        budgets,
      ),
    ).toBe(
      `${join('/r', 'seed-1', 'controller')} holds a run with picker random, seed 0, memory budget 1000000 B, time budget 1800 s, not controller / seed 1 / 300000 B / 720 s`,
    );
  });
});
