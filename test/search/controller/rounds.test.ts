import { describe, expect, it } from 'vitest';
import type { ControllerExample } from '../../../search/controller/contract.ts';
import { groupByRound, planSequences, standardize } from '../../../search/controller/rounds.ts';
import { randomGenotype } from '../../../search/space/random.ts';

const [p1, p2, c1, c2, c3] = [1, 2, 3, 4, 5].map((s) => randomGenotype(s));
const ex = (parent: typeof p1, candidate: typeof p1, round: number, metric: number): ControllerExample => ({
  parent: parent!,
  candidate: candidate!,
  round,
  metric,
});

describe('standardize', () => {
  it('z-scores a list and maps a constant list to zeros', () => {
    expect(standardize([1, 2, 3])).toEqual([-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
    expect(standardize([4, 4])).toEqual([0, 0]);
    expect(standardize([])).toEqual([]);
  });
});

describe('groupByRound', () => {
  it('groups by round in ascending order, keeping the given order inside a round', () => {
    const groups = groupByRound([
      ex(p2, c3, 2, 0.5),
      ex(p1, c1, 1, 0.1),
      ex(p2, c1, 2, -0.5),
      ex(p1, c2, 1, 0.3),
    ]);
    expect(groups.map((g) => g.round)).toEqual([1, 2]);
    expect(groups[0]!.candidates).toEqual([c1, c2]);
    expect(groups[0]!.parent).toEqual(p1);
    expect(groups[0]!.metrics).toEqual([0.1, 0.3]);
    expect(groups[1]!.targets).toEqual([1, -1]);
  });

  it('rejects non-finite metrics', () => {
    expect(() => groupByRound([ex(p1, c1, 0, Number.NaN)])).toThrow(/round 0 has a non-finite metric/);
  });
});

describe('planSequences', () => {
  const groups = groupByRound([
    ...Array.from({ length: 10 }, (_, i) => ex(p1, c1, 0, i)),
    ...Array.from({ length: 3 }, (_, i) => ex(p2, c2, 1, i)),
  ]);

  it('cuts each round into near-equal sequences of at most maxLength, covering every example once', () => {
    const plans = planSequences(groups, 4, 7);
    expect(plans.map((p) => [p.group, p.members.length])).toEqual([
      [0, 3],
      [0, 3],
      [0, 4],
      [1, 3],
    ]);
    const round0 = plans.filter((p) => p.group === 0).flatMap((p) => p.members);
    expect([...round0].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('shuffles with the seed: same seed same order, another seed another', () => {
    expect(planSequences(groups, 4, 7)).toEqual(planSequences(groups, 4, 7));
    expect(planSequences(groups, 4, 8)).not.toEqual(planSequences(groups, 4, 7));
  });
});
