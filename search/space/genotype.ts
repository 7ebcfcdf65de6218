// The search space's genotype: five blocks of cells (METHOD.md §1). It is what grow and trim
// edit and what the controller reads; `buildArchitecture` turns it into the architecture format.

import type { Operation } from './operations.ts';

export const SPACE_ID = 'memnas-cells/1';

/** Input index 0 is the block input; index k ≥ 1 is the output of cell k−1 of the same block. */
export interface Cell {
  readonly inputs: readonly [number, number];
  readonly ops: readonly [Operation, Operation];
  /** Whether the cell's output joins the block-output concatenation. */
  readonly toOutput: boolean;
}

export interface Block {
  readonly cells: readonly Cell[];
}

export interface Genotype {
  readonly space: typeof SPACE_ID;
  /** Cell width of the first block; blocks use w, w, 2w, 2w, 4w. */
  readonly width: number;
  /** Channels of the stem conv before block 1 (METHOD.md §8). */
  readonly stem: number;
  /**
   * Stride of the stem conv; absent means 1. memnas uses 2 on inputs of 24 px and more: block 1
   * then runs at half resolution, a quarter of the feature-map memory and of the work.
   */
  readonly stemStride?: 1 | 2;
  readonly blocks: readonly Block[];
}

export const BLOCK_STRIDES = [1, 2, 1, 2, 1] as const;
export const BLOCK_WIDTH_FACTORS = [1, 1, 2, 2, 4] as const;

/**
 * A stable text key: equal keys mean equal networks (used to remove duplicates). A cell adds its
 * two branches, so (input a, op x) + (input b, op y) equals (b, y) + (a, x): branches are sorted.
 */
export function genotypeKey(g: Genotype): string {
  const cell = (c: Cell): string => {
    const branches = [`${c.inputs[0]}:${c.ops[0]}`, `${c.inputs[1]}:${c.ops[1]}`].sort();
    return `${branches.join('+')}${c.toOutput ? '>' : ''}`;
  };
  return (
    `w${g.width}s${g.stem}${g.stemStride === 2 ? '/2' : ''}|` +
    g.blocks.map((b) => b.cells.map(cell).join(' ')).join('|')
  );
}
