import { describe, expect, it } from 'vitest';
import { mutationFamily, shuffle, stratifiedShuffle } from '../../../search/loop/random-order.ts';
import { childCandidates, seedCandidates } from '../../../search/space/grow-trim.ts';
import { genotypeKey } from '../../../search/space/genotype.ts';

const parent = seedCandidates(8)[3]!.genotype;
const proposals = childCandidates(parent);
const families = (cs: readonly { mutation: Parameters<typeof mutationFamily>[0] }[]) =>
  cs.map((c) => mutationFamily(c.mutation));

describe('stratifiedShuffle', () => {
  it('puts every kind of change among the first picks although grows outnumber the rest', () => {
    const counts = families(proposals).reduce(
      (m, f) => m.set(f, (m.get(f) ?? 0) + 1),
      new Map<string, number>(),
    );
    expect(counts.get('grow')).toBeGreaterThan(10 * counts.get('trim')!);
    for (let seed = 0; seed < 20; seed++) {
      const first = new Set(families(stratifiedShuffle(proposals, seed).slice(0, 3)));
      expect([...first].sort()).toEqual(['grow', 'trim', 'width']);
    }
  });

  it('keeps every proposal exactly once and is reproducible from its seed', () => {
    const order = stratifiedShuffle(proposals, 5);
    const keys = (cs: typeof proposals) => cs.map((c) => genotypeKey(c.genotype)).sort();
    expect(keys(order)).toEqual(keys(proposals));
    expect(stratifiedShuffle(proposals, 5)).toEqual(order);
    expect(stratifiedShuffle(proposals, 6)).not.toEqual(order);
  });

  it('takes the kinds in turn until the smaller ones run out', () => {
    const six = families(stratifiedShuffle(proposals, 1).slice(0, 6));
    expect(six.filter((f) => f === 'width')).toHaveLength(2);
    expect(six.filter((f) => f === 'trim')).toHaveLength(2);
  });
});

describe('shuffle', () => {
  it('is uniform: over many seeds the first pick is a grow about as often as grows are common', () => {
    const growShare = families(proposals).filter((f) => f === 'grow').length / proposals.length;
    let grows = 0;
    for (let seed = 0; seed < 400; seed++)
      if (mutationFamily(shuffle(proposals, seed)[0]!.mutation) === 'grow') grows++;
    expect(grows / 400).toBeGreaterThan(growShare - 0.06);
    expect(grows / 400).toBeLessThan(growShare + 0.06);
  });
});
