// The round's baseline (the parent trained further) and the choice of the next parent.
import { describe, expect, it } from 'vitest';
import { baselinePick, nextParent } from '../../../search/loop/baseline.ts';
import type { CandidateRecord } from '../../../search/loop/types.ts';
import { genotypeKey } from '../../../search/space/genotype.ts';
import { growCandidates, seedCandidates } from '../../../search/space/grow-trim.ts';
import { trainedRecord } from './fakes.ts';

const seed = seedCandidates(4)[0]!;
const grow = growCandidates(seed.genotype)[0]!;
const record = (id: number, c: Pick<CandidateRecord, 'genotype' | 'mutation'>): CandidateRecord =>
  trainedRecord(id, { ...c, key: genotypeKey(c.genotype) });

describe('baselinePick', () => {
  it("is the parent's genotype and memory under its own key, inheriting from the parent", () => {
    const parent = record(1, seed);
    const b = baselinePick(parent, 3, { shape: [8, 8, 1], classes: 3 });
    expect(b.genotype).toBe(parent.genotype);
    expect(b.mutation).toEqual({ kind: 'keep' });
    expect(b.memory).toBe(parent.memory);
    expect(b.inheritedFrom).toBe(1);
    expect(b.key).not.toBe(parent.key);
    expect(b.key).toContain('keep-r3');
  });
});

describe('nextParent', () => {
  const parent = record(1, seed);
  it('moves to a child that beats the parent, and calls it an improvement', () => {
    expect(nextParent(record(2, grow), 0.4, parent)).toEqual({ nextParentId: 2, improved: true });
  });
  it('moves to the baseline when it wins (newer weights) without counting an improvement', () => {
    expect(
      nextParent(record(3, { genotype: seed.genotype, mutation: { kind: 'keep' } }), 0.4, parent),
    ).toEqual({
      nextParentId: 3,
      improved: false,
    });
  });
  it('keeps the parent when nothing scores above it, and takes the best seed in the seed round', () => {
    expect(nextParent(record(2, grow), -0.1, parent)).toEqual({ nextParentId: 1, improved: false });
    expect(nextParent(undefined, undefined, parent)).toEqual({ nextParentId: 1, improved: false });
    expect(nextParent(record(2, seed), -5, undefined)).toEqual({ nextParentId: 2, improved: true });
  });
});
