// The runoff's finalists: the baseline and the children of best first-pass metric that beat it.
import { describe, expect, it } from 'vitest';
import { runoffComplete, runoffFinalists } from '../../../search/loop/runoff.ts';
import type { CandidateRecord } from '../../../search/loop/types.ts';
import type { Mutation } from '../../../search/space/grow-trim.ts';
import { trainedRecord } from './fakes.ts';

const ctx = { lambda: 0.5, budgetBytes: 300_000 };

const cand = (id: number, kind: Mutation['kind'], totalBytes = 100_000, accuracy = 0.8): CandidateRecord =>
  trainedRecord(id, {
    validationAccuracy: accuracy,
    genotype: { width: 8, blocks: [] } as unknown as CandidateRecord['genotype'],
    mutation: { kind } as Mutation,
    memory: {
      paramBytes: totalBytes / 2,
      peakActivationBytes: totalBytes / 2,
      totalBytes,
      source: 'analytic',
    },
  });

describe('runoffFinalists', () => {
  const round = [
    cand(10, 'keep'),
    cand(11, 'grow'),
    cand(12, 'trim-op'),
    cand(13, 'width'),
    cand(14, 'grow'),
  ];
  const first = new Map([
    [10, 0.1],
    [11, 0.5],
    [12, 0.3],
    [13, 0.05],
    [14, 0.4],
  ]);

  it('takes the baseline and the n children of best first-pass metric that beat it', () => {
    expect(runoffFinalists(round, first, 2, ctx).map((c) => c.id)).toEqual([10, 11, 14]);
    expect(runoffFinalists(round, first, 5, ctx).map((c) => c.id)).toEqual([10, 11, 14, 12]);
  });

  it('has none when no child beat the baseline, without a baseline, or with n = 0', () => {
    const baselineLeads = new Map([...first, [10, 0.9]]);
    expect(runoffFinalists(round, baselineLeads, 2, ctx)).toEqual([]);
    expect(runoffFinalists(round.slice(1), first, 2, ctx)).toEqual([]);
    expect(runoffFinalists(round, first, 0, ctx)).toEqual([]);
  });

  it('runs off the n + 1 best seeds within the budgets in the seed round', () => {
    const seeds = [
      cand(1, 'seed'),
      cand(2, 'seed', 400_000),
      cand(3, 'seed'),
      cand(4, 'seed'),
      cand(5, 'seed'),
    ];
    const m = new Map([
      [1, -1],
      [2, 3],
      [3, 2],
      [4, 0.5],
      [5, 1],
    ]);
    expect(runoffFinalists(seeds, m, 2, ctx).map((c) => c.id)).toEqual([3, 5, 4]);
    expect(runoffFinalists(seeds.slice(0, 2), m, 2, ctx)).toEqual([]);
    expect(runoffFinalists(seeds, m, 0, ctx)).toEqual([]);
  });

  it('takes turns between the children of best metric and those that lead in accuracy alone', () => {
    // 13 and 14 step up in memory: more accurate than the baseline, behind it on the metric.
    const mixed = [
      cand(10, 'keep', 100_000, 0.85),
      cand(11, 'trim-op', 80_000, 0.849),
      cand(12, 'trim-op', 80_000, 0.848),
      cand(13, 'width', 150_000, 0.852),
      cand(14, 'grow', 200_000, 0.855),
    ];
    const m = new Map([
      [10, 0],
      [11, 0.3],
      [12, 0.2],
      [13, -0.1],
      [14, -0.2],
    ]);
    expect(runoffFinalists(mixed, m, 2, ctx).map((c) => c.id)).toEqual([10, 11, 14]);
    expect(runoffFinalists(mixed, m, 3, ctx).map((c) => c.id)).toEqual([10, 11, 14, 12]);
    expect(runoffFinalists(mixed, m, 4, ctx).map((c) => c.id)).toEqual([10, 11, 14, 12, 13]);
    // A child that leads on both counts once; an accuracy leader alone still has its runoff.
    const both = new Map([...m, [14, 0.5]]);
    expect(runoffFinalists(mixed, both, 2, ctx).map((c) => c.id)).toEqual([10, 14, 11]);
    expect(
      runoffFinalists(
        mixed.filter((c) => c.mutation.kind !== 'trim-op'),
        m,
        2,
        ctx,
      ).map((c) => c.id),
    ).toEqual([10, 14, 13]);
  });

  it('leaves out a child over the memory budget, however it scored', () => {
    const over = [cand(10, 'keep'), cand(11, 'grow', 400_000), cand(12, 'trim-op')];
    expect(runoffFinalists(over, first, 2, ctx).map((c) => c.id)).toEqual([10, 12]);
  });

  it('is complete once every finalist has its second pass', () => {
    const [a, b] = [cand(10, 'keep'), cand(11, 'grow')];
    expect(runoffComplete([a, b])).toBe(false);
    expect(runoffComplete([{ ...a, runoffAccuracy: 0.8 }, b])).toBe(false);
    expect(
      runoffComplete([
        { ...a, runoffAccuracy: 0.8 },
        { ...b, runoffAccuracy: 0.81 },
      ]),
    ).toBe(true);
    expect(runoffComplete([])).toBe(false);
  });
});
