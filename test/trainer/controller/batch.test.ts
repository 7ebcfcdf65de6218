import { describe, expect, it } from 'vitest';
import { groupByRound, type SequencePlan } from '../../../search/controller/rounds.ts';
import { randomGenotype } from '../../../search/space/random.ts';
import { buildBatch, buildScoringBatch } from '../../../trainer/controller/batch.ts';

const vec = (v: number, n = 2): Float32Array => new Float32Array(n).fill(v);

describe('buildBatch', () => {
  const [p, a, b, c] = [1, 2, 3, 4].map((s) => randomGenotype(s));
  const groups = groupByRound([
    { parent: p!, candidate: a!, round: 0, metric: 1 },
    { parent: p!, candidate: b!, round: 0, metric: 3 },
    { parent: p!, candidate: c!, round: 0, metric: 2 },
  ]);
  const encoded = [{ parent: vec(9), candidates: [vec(1), vec(2), vec(3)] }];
  const plans: SequencePlan[] = [
    { group: 0, members: [1, 0] },
    { group: 0, members: [2] },
  ];
  const batch = buildBatch(groups, encoded, plans, 2);

  it('puts the parent first in every sequence and pads short ones with zeros', () => {
    expect(batch).toMatchObject({ sequences: 2, length: 2, realCount: 3 });
    expect(Array.from(batch.encodings)).toEqual([9, 9, 2, 2, 1, 1, 9, 9, 3, 3, 0, 0]);
    expect(Array.from(batch.mask)).toEqual([1, 1, 1, 0]);
    const t = groups[0]!.targets;
    expect(batch.targets).toEqual(Float32Array.from([t[1]!, t[0]!, t[2]!, 0]));
  });

  it('marks the truly ordered pairs inside each sequence only', () => {
    // Sequence 0 reads b (metric 3) then a (metric 1): only the pair (0, 1) is ordered.
    expect(Array.from(batch.pairs)).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    expect(batch.pairCount).toBe(1);
  });
});

describe('buildScoringBatch', () => {
  it('cuts the candidates into consecutive sequences in the order given, each headed by the parent', () => {
    const b = buildScoringBatch(
      vec(9, 1),
      [1, 2, 3, 4, 5].map((v) => vec(v, 1)),
      2,
      1,
    );
    expect(b).toMatchObject({ sequences: 3, length: 2 });
    expect(Array.from(b.encodings)).toEqual([9, 1, 2, 9, 3, 4, 9, 5, 0]);
    const whole = buildScoringBatch(
      vec(9, 1),
      [1, 2, 3].map((v) => vec(v, 1)),
      Infinity,
      1,
    );
    expect(Array.from(whole.encodings)).toEqual([9, 1, 2, 3]);
  });
});
