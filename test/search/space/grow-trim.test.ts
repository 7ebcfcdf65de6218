import { describe, expect, it } from 'vitest';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { genotypeKey, type Genotype } from '../../../search/space/genotype.ts';
import {
  childCandidates,
  growCandidates,
  seedCandidates,
  trimCandidates,
  widthCandidates,
} from '../../../search/space/grow-trim.ts';
import { randomGenotype } from '../../../search/space/random.ts';

const input = { shape: [28, 28, 1] as const, classes: 10 };
const valid = (g: Genotype): void => void parseArchitecture(buildArchitecture(g, input));

describe('seed round', () => {
  it('holds every single-cell network once (the add is symmetric: 28 of the 49 ordered pairs)', () => {
    const seeds = seedCandidates(8);
    expect(seeds).toHaveLength(28);
    for (const s of seeds) {
      expect(
        s.genotype.blocks.every((b) => b.cells.length === 1 && b.cells[0]!.inputs.join() === '0,0'),
      ).toBe(true);
      valid(s.genotype);
    }
  });
});

describe('grow', () => {
  it('adds the same new cell to all five blocks over every op pair and input choice', () => {
    const parent = seedCandidates(4)[3]!.genotype;
    const grown = growCandidates(parent);
    // 49·(c+1)² = 196 ordered candidates for c = 1; unordered branch pairs over 2 inputs × 7 ops: 14·15/2.
    expect(grown).toHaveLength(105);
    for (const g of grown) {
      expect(g.genotype.blocks.every((b) => b.cells.length === 2)).toBe(true);
      expect(new Set(g.genotype.blocks.map((b) => JSON.stringify(b.cells[1]))).size).toBe(1);
    }
    grown.forEach((g) => valid(g.genotype));
  });

  it('grows a trimmed parent whose blocks differ, keeping each block', () => {
    const parent = trimCandidates(randomGenotype(3, { maxCells: 2, uniform: true }))[0]!.genotype;
    expect(new Set(parent.blocks.map((b) => JSON.stringify(b))).size).toBe(2);
    const c = parent.blocks[0]!.cells.length;
    for (const g of growCandidates(parent).slice(0, 50)) {
      g.genotype.blocks.forEach((b, i) => expect(b.cells.slice(0, c)).toEqual(parent.blocks[i]!.cells));
      valid(g.genotype);
    }
  });
});

describe('trim', () => {
  it('changes one block only, never leaves a cell unused, and produces valid networks', () => {
    for (const seed of [1, 2, 5, 8, 13]) {
      const parent = randomGenotype(seed, { maxCells: 3, uniform: true });
      const trims = trimCandidates(parent);
      expect(trims.length).toBeGreaterThan(0);
      for (const t of trims) {
        const changed = t.genotype.blocks.filter(
          (b, i) => JSON.stringify(b) !== JSON.stringify(parent.blocks[i]),
        );
        expect(changed).toHaveLength(1);
        valid(t.genotype);
        if (t.mutation.kind === 'trim-op') {
          expect(t.genotype.blocks[t.mutation.block]!.cells[t.mutation.cell]!.ops[t.mutation.branch]).toBe(
            'conv1x1',
          );
        }
        if (t.mutation.kind === 'trim-edge') {
          const { block, cell } = t.mutation;
          const cells = t.genotype.blocks[block]!.cells;
          expect(cells[cell]!.toOutput).toBe(false);
          expect(cells.slice(cell + 1).some((c) => c.inputs.includes(cell + 1))).toBe(true);
        }
      }
    }
  });

  it('removes duplicates and the parent itself', () => {
    const parent = randomGenotype(21, { maxCells: 3, uniform: true });
    const all = childCandidates(parent);
    const keys = all.map((c) => genotypeKey(c.genotype));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain(genotypeKey(parent));
  });
});

describe('width', () => {
  it('a child is the same cells at the next width, stem unchanged; both are among the children', () => {
    const parent = randomGenotype(4, { maxCells: 3 });
    const kids = widthCandidates({ ...parent, width: 8, stem: 8 });
    expect(kids.map((k) => [k.genotype.width, k.genotype.stem])).toEqual([
      [10, 8],
      [6, 8],
    ]);
    expect(kids.map((k) => k.mutation)).toEqual([
      { kind: 'width', from: 8, to: 10 },
      { kind: 'width', from: 8, to: 6 },
    ]);
    for (const k of kids) {
      expect(k.genotype.blocks).toEqual(parent.blocks);
      valid(k.genotype);
    }
    const all = childCandidates({ ...parent, width: 8, stem: 8 }).map((c) => genotypeKey(c.genotype));
    for (const k of kids) expect(all).toContain(genotypeKey(k.genotype));
  });
});
