// A genotype as the controller reads it (METHOD.md §1, §5): per block, a sequence of cell tuples
// of one-hot vectors, padded to a fixed cell count, flattened into one Float32Array ready for a
// tensor. Pure: the tfjs side only reshapes it.
//
// Layout of one candidate: [block 0..4][cell 0..maxCells−1][feature 0..cellFeatures−1], where a
// cell's features are five one-hot groups and the network's width, in this order:
//   input 1   maxCells slots   0 = the block input, k ≥ 1 = the output of cell k−1
//   input 2   maxCells slots
//   op 1      8 slots          ALL_OPERATIONS order (the seven cell operations, then conv1x1)
//   op 2      8 slots
//   output    2 slots          [kept in the block output, dropped]
//   width     1 slot           log2(width / 8): a width mutation changes this and nothing else
// A padding cell (beyond the block's cell count) is all zeros; a real cell has exactly five ones
// and its width.
// A cell adds its two branches, so (a, x) + (b, y) equals (b, y) + (a, x): branches are put in a
// canonical order (lower input first, then lower op index) and equal networks encode equally.
import { MemnasError } from '../errors.ts';
import { BLOCK_STRIDES, type Cell, type Genotype } from '../space/genotype.ts';
import { ALL_OPERATIONS } from '../space/operations.ts';

export const ENCODED_BLOCKS = BLOCK_STRIDES.length;

/** Where each one-hot group of a cell starts, and the sizes that follow from maxCells. */
export interface EncodingLayout {
  readonly maxCells: number;
  readonly cellFeatures: number;
  /** maxCells × cellFeatures: one block, flattened. */
  readonly blockFeatures: number;
  /** ENCODED_BLOCKS × blockFeatures: one candidate, flattened. */
  readonly candidateFeatures: number;
  readonly offsets: {
    readonly input1: number;
    readonly input2: number;
    readonly op1: number;
    readonly op2: number;
    readonly output: number;
    readonly width: number;
  };
}

/** Default cell capacity: the published search ended at 6 cells per block; 8 leaves headroom. */
export const DEFAULT_MAX_CELLS = 8;

export function encodingLayout(maxCells = DEFAULT_MAX_CELLS): EncodingLayout {
  if (!Number.isInteger(maxCells) || maxCells < 1) {
    throw new MemnasError(
      'USAGE',
      `controller encoding: maxCells must be a positive integer, got ${maxCells}`,
    );
  }
  const ops = ALL_OPERATIONS.length;
  const offsets = {
    input1: 0,
    input2: maxCells,
    op1: 2 * maxCells,
    op2: 2 * maxCells + ops,
    output: 2 * maxCells + 2 * ops,
    width: 2 * maxCells + 2 * ops + 2,
  };
  const cellFeatures = offsets.width + 1;
  const blockFeatures = maxCells * cellFeatures;
  return {
    maxCells,
    cellFeatures,
    blockFeatures,
    candidateFeatures: ENCODED_BLOCKS * blockFeatures,
    offsets,
  };
}

type Branch = readonly [number, number];

/** The cell's two (input, op index) branches in canonical order. */
function canonicalBranches(cell: Cell): [Branch, Branch] {
  const a: Branch = [cell.inputs[0], ALL_OPERATIONS.indexOf(cell.ops[0])];
  const b: Branch = [cell.inputs[1], ALL_OPERATIONS.indexOf(cell.ops[1])];
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? [a, b] : [b, a];
}

/** The width feature: 0 at width 8, ±1 per doubling. */
const widthFeature = (width: number): number => Math.log2(width / 8);

function writeCell(
  out: Float32Array,
  at: number,
  cell: Cell,
  width: number,
  layout: EncodingLayout,
  where: string,
): void {
  const [first, second] = canonicalBranches(cell);
  for (const [input, op] of [first, second]) {
    if (!Number.isInteger(input) || input < 0 || input >= layout.maxCells) {
      throw new MemnasError(
        'USAGE',
        `controller encoding: ${where} reads input ${input}, outside 0..${layout.maxCells - 1}`,
      );
    }
    if (op < 0)
      throw new MemnasError('ARCH_UNKNOWN_OP', `controller encoding: ${where} has an unknown operation`);
  }
  const { offsets } = layout;
  out[at + offsets.input1 + first[0]] = 1;
  out[at + offsets.input2 + second[0]] = 1;
  out[at + offsets.op1 + first[1]] = 1;
  out[at + offsets.op2 + second[1]] = 1;
  out[at + offsets.output + (cell.toOutput ? 0 : 1)] = 1;
  out[at + offsets.width] = widthFeature(width);
}

/** Writes one genotype's encoding into `out` at `offset` (which must hold zeros there). */
export function encodeGenotypeInto(
  g: Genotype,
  layout: EncodingLayout,
  out: Float32Array,
  offset: number,
): void {
  if (g.blocks.length !== ENCODED_BLOCKS) {
    throw new MemnasError(
      'ARCH_INVALID',
      `controller encoding: expected ${ENCODED_BLOCKS} blocks, got ${g.blocks.length}`,
    );
  }
  g.blocks.forEach((block, bi) => {
    if (block.cells.length > layout.maxCells) {
      throw new MemnasError(
        'USAGE',
        `controller encoding: block ${bi + 1} has ${block.cells.length} cells, more than maxCells ${layout.maxCells}`,
      );
    }
    block.cells.forEach((cell, ci) => {
      const at = offset + bi * layout.blockFeatures + ci * layout.cellFeatures;
      writeCell(out, at, cell, g.width, layout, `block ${bi + 1} cell ${ci + 1}`);
    });
  });
}

/** One genotype → Float32Array of shape [ENCODED_BLOCKS, maxCells, cellFeatures]. */
export function encodeGenotype(g: Genotype, layout: EncodingLayout): Float32Array {
  const out = new Float32Array(layout.candidateFeatures);
  encodeGenotypeInto(g, layout, out, 0);
  return out;
}

export interface EncodedBatch {
  readonly data: Float32Array;
  /** [candidates, ENCODED_BLOCKS, maxCells, cellFeatures] */
  readonly shape: readonly [number, number, number, number];
}

/** Several genotypes, one after the other. */
export function encodeGenotypes(gs: readonly Genotype[], layout: EncodingLayout): EncodedBatch {
  const data = new Float32Array(gs.length * layout.candidateFeatures);
  gs.forEach((g, i) => encodeGenotypeInto(g, layout, data, i * layout.candidateFeatures));
  return { data, shape: [gs.length, ENCODED_BLOCKS, layout.maxCells, layout.cellFeatures] };
}
