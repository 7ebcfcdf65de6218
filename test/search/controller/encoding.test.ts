import { describe, expect, it } from 'vitest';
import {
  ENCODED_BLOCKS,
  encodeGenotype,
  encodeGenotypes,
  encodingLayout,
} from '../../../search/controller/encoding.ts';
import { SPACE_ID, type Block, type Cell, type Genotype } from '../../../search/space/genotype.ts';
import { ALL_OPERATIONS } from '../../../search/space/operations.ts';
import { childCandidates } from '../../../search/space/grow-trim.ts';
import { randomGenotype } from '../../../search/space/random.ts';

const genotype = (blocks: Block[]): Genotype => ({ space: SPACE_ID, width: 8, stem: 8, blocks });
const cellA: Cell = { inputs: [0, 0], ops: ['sepConv3x3', 'maxPool3x3'], toOutput: false };
const cellB: Cell = { inputs: [1, 0], ops: ['conv3x3', 'avgPool3x3'], toOutput: true };
const oneCell: Block = { cells: [{ inputs: [0, 0], ops: ['conv3x3', 'conv3x3'], toOutput: true }] };
const twoCells: Block = { cells: [cellA, cellB] };

/** The positions of the ones in one cell's slice. */
function onesOf(enc: Float32Array, block: number, cell: number, maxCells: number): number[] {
  const layout = encodingLayout(maxCells);
  const at = block * layout.blockFeatures + cell * layout.cellFeatures;
  return [...enc.subarray(at, at + layout.cellFeatures)].flatMap((v, i) => (v === 0 ? [] : [i]));
}

describe('encodingLayout', () => {
  it('sizes five one-hot groups per cell (2·maxCells inputs, 2·8 ops, 2 output slots) and a width slot', () => {
    const l = encodingLayout(3);
    expect(ALL_OPERATIONS).toHaveLength(8);
    expect(l.offsets).toEqual({ input1: 0, input2: 3, op1: 6, op2: 14, output: 22, width: 24 });
    expect(l.cellFeatures).toBe(25);
    expect(l.blockFeatures).toBe(75);
    expect(l.candidateFeatures).toBe(ENCODED_BLOCKS * 75);
    expect(encodingLayout().maxCells).toBe(8);
    expect(() => encodingLayout(0)).toThrow(/maxCells must be a positive integer/);
  });
});

describe('encodeGenotype', () => {
  const layout = encodingLayout(3);
  const g = genotype([twoCells, oneCell, oneCell, oneCell, twoCells]);
  const enc = encodeGenotype(g, layout);

  it('writes each cell as five one-hots, branches in canonical order', () => {
    expect(enc).toHaveLength(layout.candidateFeatures);
    // cellA: branches (0, sepConv3x3=5) and (0, maxPool3x3=1) → (0, 1) first; output dropped.
    expect(onesOf(enc, 0, 0, 3)).toEqual([0, 3 + 0, 6 + 1, 14 + 5, 22 + 1]);
    // cellB: branches (1, conv3x3=6) and (0, avgPool3x3=0) → (0, 0) first; output kept.
    expect(onesOf(enc, 0, 1, 3)).toEqual([0, 3 + 1, 6 + 0, 14 + 6, 22 + 0]);
    expect(onesOf(enc, 1, 0, 3)).toEqual([0, 3 + 0, 6 + 6, 14 + 6, 22 + 0]);
    expect(onesOf(enc, 4, 1, 3)).toEqual(onesOf(enc, 0, 1, 3));
  });

  it('writes log2(width / 8) into every real cell, so a width step is all that tells two networks apart', () => {
    const wide = encodeGenotype({ ...g, width: 16 }, layout);
    const narrow = encodeGenotype({ ...g, width: 4 }, layout);
    expect(onesOf(wide, 0, 0, 3)).toEqual([...onesOf(enc, 0, 0, 3), 24]);
    expect(wide[24]).toBe(1);
    expect(narrow[24]).toBe(-1);
    expect(narrow[2 * layout.cellFeatures + 24]).toBe(0); // padding stays zero
    expect(enc[24]).toBe(0);
  });

  it('pads missing cells with zeros and has exactly five ones per real cell', () => {
    expect(onesOf(enc, 0, 2, 3)).toEqual([]);
    expect(onesOf(enc, 1, 1, 3)).toEqual([]);
    expect(enc.reduce((a, b) => a + b, 0)).toBe(5 * (2 + 1 + 1 + 1 + 2));
  });

  it('encodes networks that differ only by branch order identically, and different networks differently', () => {
    const swapped: Cell = { inputs: [0, 1], ops: ['avgPool3x3', 'conv3x3'], toOutput: true };
    const g2 = genotype([{ cells: [cellA, swapped] }, oneCell, oneCell, oneCell, twoCells]);
    expect(encodeGenotype(g2, layout)).toEqual(enc);
    const kids = childCandidates(randomGenotype(3, { maxCells: 2 })).map((c) =>
      encodeGenotype(c.genotype, encodingLayout()).join(''),
    );
    expect(new Set(kids).size).toBe(kids.length);
  });

  it('rejects genotypes that do not fit the layout', () => {
    const deep: Block = { cells: [cellA, cellB, cellB, cellB] };
    expect(() => encodeGenotype(genotype([deep, oneCell, oneCell, oneCell, oneCell]), layout)).toThrow(
      /block 1 has 4 cells, more than maxCells 3/,
    );
    expect(() => encodeGenotype(genotype([oneCell]), layout)).toThrow(/expected 5 blocks/);
  });
});

describe('encodeGenotypes', () => {
  it('stacks candidates as [n, blocks, maxCells, cellFeatures]', () => {
    const layout = encodingLayout(4);
    const gs = [1, 2, 3].map((s) => randomGenotype(s, { maxCells: 4 }));
    const batch = encodeGenotypes(gs, layout);
    expect(batch.shape).toEqual([3, 5, 4, layout.cellFeatures]);
    expect(batch.data).toHaveLength(3 * layout.candidateFeatures);
    expect(batch.data.subarray(layout.candidateFeatures, 2 * layout.candidateFeatures)).toEqual(
      encodeGenotype(gs[1]!, layout),
    );
  });
});
