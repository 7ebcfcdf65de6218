import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseLambdas,
  planSweep,
  sweepReuseMismatch,
  sweepSearchArgs,
} from '../../../bench/lambda-sweep/plan.ts';

const settings = {
  dataset: 'fashion-mnist',
  timeBudget: '12m',
  memoryBudget: '300KB',
  seed: 0,
  lambdas: [0.2, 0.5, 0.8],
};

describe('lambda-sweep plan', () => {
  it('parses --lambdas: two or more increasing numbers in [0, 1]', () => {
    expect(parseLambdas('0.2,0.5,0.8')).toEqual([0.2, 0.5, 0.8]);
    expect(parseLambdas(' 0 , 1 ')).toEqual([0, 1]);
    for (const bad of ['', '0.5', '0.8,0.2', '0.2,0.2', '0.2,,0.5', '0.2,1.5', '-0.1,0.5', 'a,b'])
      expect(() => parseLambdas(bad), bad).toThrow(/--lambdas/);
  });

  it('gives each λ its own folder and the same search arguments but for --lambda', () => {
    const runs = planSweep([0.2, 0.8], '/r');
    expect(runs).toEqual([
      { lambda: 0.2, dir: join('/r', 'lambda-0.2') },
      { lambda: 0.8, dir: join('/r', 'lambda-0.8') },
    ]);
    const [a, b] = runs.map((r) => sweepSearchArgs(r, settings, false));
    expect(a!.slice(-6)).toEqual(['--seed', '0', '--out', join('/r', 'lambda-0.2'), '--lambda', '0.2']);
    const differing = a!.flatMap((x, i) => (x === b![i] ? [] : [i]));
    expect(differing.map((i) => a![i - 1])).toEqual(['--out', '--lambda']);
    expect(sweepSearchArgs(runs[0]!, settings, true).at(-1)).toBe('--resume');
  });

  it('refuses to reuse a finished run of another λ, seed or budget, and accepts older summaries', () => {
    const run = { lambda: 0.5, dir: '/r/lambda-0.5' };
    expect(
      sweepReuseMismatch({ lambda: 0.5, memoryBudgetBytes: 300000, settings: { seed: 0 } }, run, 0, 300000),
    ).toBe(null);
    expect(sweepReuseMismatch({}, run, 0, 300000)).toBe(null);
    const bad = sweepReuseMismatch(
      { lambda: 0.8, memoryBudgetBytes: 1e6, settings: { seed: 2 } },
      run,
      0,
      300000,
    );
    expect(bad).toBe(
      '/r/lambda-0.5 holds a run with λ 0.8, seed 2, memory budget 1000000 B, not λ 0.5 / seed 0 / 300000 B',
    );
  });
});
