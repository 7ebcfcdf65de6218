import { describe, expect, it } from 'vitest';
import { benchSearchArgs } from '../../bench/search-run-args.ts';

const budgets = { dataset: 'fashion-mnist', timeBudget: '12m', memoryBudget: '300KB' };

describe('benchSearchArgs', () => {
  it('gives every run the same dataset and budgets, then its seed, folder and varied flags', () => {
    expect(benchSearchArgs(budgets, { seed: 2, dir: 'r/a', varied: ['--lambda', '0.8'] }, false)).toEqual([
      'search',
      '--dataset',
      'fashion-mnist',
      '--time-budget',
      '12m',
      '--memory-budget',
      '300KB',
      '--seed',
      '2',
      '--out',
      'r/a',
      '--lambda',
      '0.8',
    ]);
  });

  it('resumes with --resume last, and varies nothing when given nothing', () => {
    const args = benchSearchArgs(budgets, { seed: 0, dir: 'r/b', varied: [] }, true);
    expect(args.slice(-3)).toEqual(['--out', 'r/b', '--resume']);
    expect(args).toHaveLength(12);
  });
});
