import { describe, expect, it } from 'vitest';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { genotypeKey, SPACE_ID, type Genotype } from '../../../search/space/genotype.ts';
import { ALL_OPERATIONS } from '../../../search/space/operations.ts';
import { randomGenotype } from '../../../search/space/random.ts';
import { validateGenotype } from '../../../search/space/validate.ts';

const input = { shape: [28, 28, 1] as const, classes: 10 };

describe('random genotypes of the search space', () => {
  const genotypes = Array.from({ length: 50 }, (_, seed) => randomGenotype(seed));

  it('are reproducible from the seed', () => {
    expect(genotypeKey(randomGenotype(7))).toBe(genotypeKey(randomGenotype(7)));
    expect(new Set(genotypes.map(genotypeKey)).size).toBeGreaterThan(45);
  });

  it('build valid architectures', () => {
    for (const g of genotypes) {
      const arch = parseArchitecture(buildArchitecture(g, input));
      expect(arch.genotype).toEqual(g);
    }
  });

  it('cover every operation and connection kind across 50 seeds', () => {
    const cells = genotypes.flatMap((g) => g.blocks.flatMap((b) => b.cells.map((c, ci) => ({ c, ci, b }))));
    for (const op of ALL_OPERATIONS)
      expect(
        cells.some(({ c }) => c.ops.includes(op)),
        op,
      ).toBe(true);
    expect(
      cells.some(({ c, ci }) => ci > 0 && c.inputs.includes(0)),
      'a later cell reads the block input',
    ).toBe(true);
    expect(
      cells.some(({ c }) => c.inputs.some((i) => i > 0)),
      'a cell reads an earlier cell',
    ).toBe(true);
    expect(
      cells.some(({ c }) => !c.toOutput),
      'a dropped output edge',
    ).toBe(true);
    expect(
      cells.some(({ b }) => b.cells.filter((c) => c.toOutput).length > 1),
      'a concatenated block output',
    ).toBe(true);
    expect(
      genotypes.some((g) => new Set(g.blocks.map((b) => JSON.stringify(b))).size > 1),
      'blocks that differ',
    ).toBe(true);
  });
});

describe('validateGenotype', () => {
  const ok: Genotype = {
    space: SPACE_ID,
    width: 4,
    stem: 4,
    blocks: Array.from({ length: 5 }, () => ({
      cells: [{ inputs: [0, 0] as const, ops: ['conv3x3', 'maxPool3x3'] as const, toOutput: true }],
    })),
  };

  it('accepts a single-cell network and rejects broken ones', () => {
    expect(() => validateGenotype(ok)).not.toThrow();
    const forward = {
      ...ok,
      blocks: ok.blocks.map(() => ({ cells: [{ ...ok.blocks[0]!.cells[0]!, inputs: [0, 1] as const }] })),
    };
    expect(() => validateGenotype(forward)).toThrow(/cell 1 reads input 1/);
    const unused = {
      ...ok,
      blocks: ok.blocks.map(() => ({ cells: [{ ...ok.blocks[0]!.cells[0]!, toOutput: false }] })),
    };
    expect(() => validateGenotype(unused)).toThrow(/neither in the block output nor read/);
    expect(() => validateGenotype({ ...ok, blocks: ok.blocks.slice(1) })).toThrow(/5 blocks/);
  });
});
