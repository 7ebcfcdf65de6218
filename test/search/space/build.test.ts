import { describe, expect, it } from 'vitest';
import { analyticMemory } from '../../../search/loop/analytic-oracle.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { genotypeKey } from '../../../search/space/genotype.ts';
import { childCandidates, seedCandidates } from '../../../search/space/grow-trim.ts';
import { validateGenotype } from '../../../search/space/validate.ts';

const space = { shape: [28, 28, 1], classes: 10 } as const;

describe('stem stride', () => {
  it('halves the resolution every block runs at, and a quarter of the stem feature map', () => {
    const [plain] = seedCandidates(8, 8, 1);
    const [strided] = seedCandidates(8, 8, 2);
    const a1 = buildArchitecture(plain!.genotype, space);
    const a2 = buildArchitecture(strided!.genotype, space);
    const stem = (a: typeof a1) => a.nodes.find((n) => n.id === 'stem_conv')!;
    expect(stem(a1)).toMatchObject({ strides: [1, 1] });
    expect(stem(a2)).toMatchObject({ strides: [2, 2] });
    // The same parameters; the largest live feature maps shrink 4× (28×28 → 14×14).
    const m1 = analyticMemory(a1);
    const m2 = analyticMemory(a2);
    expect(m2.paramBytes).toBe(m1.paramBytes);
    expect(m2.peakActivationBytes).toBe(m1.peakActivationBytes / 4);
  });

  it('keeps stride-1 genotypes and keys as they were, and tells stride-2 ones apart', () => {
    const [plain] = seedCandidates(8);
    const [strided] = seedCandidates(8, 8, 2);
    expect('stemStride' in plain!.genotype).toBe(false);
    expect(genotypeKey(plain!.genotype)).toMatch(/^w8s8\|/);
    expect(genotypeKey(strided!.genotype)).toMatch(/^w8s8\/2\|/);
    expect(genotypeKey(strided!.genotype)).not.toBe(genotypeKey(plain!.genotype));
  });

  it('is inherited by every grow and trim child', () => {
    const [strided] = seedCandidates(8, 8, 2);
    const children = childCandidates(strided!.genotype);
    expect(children.length).toBeGreaterThan(0);
    for (const c of children) expect(c.genotype.stemStride).toBe(2);
  });

  it('rejects a stride other than 1 or 2', () => {
    const [seed] = seedCandidates(8);
    expect(() => validateGenotype({ ...seed!.genotype, stemStride: 3 as never })).toThrow(
      /stem stride must be 1 or 2, got 3/,
    );
  });
});
