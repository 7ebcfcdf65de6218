// Grow and trim (METHOD.md §2) as pure functions from a parent genotype to its candidates, with
// duplicates removed. Every candidate is valid by construction.
import { CELL_OPERATIONS, type CellOperation } from './operations.ts';
import { SPACE_ID, genotypeKey, type Block, type Cell, type Genotype } from './genotype.ts';
import { narrowerWidth, widerWidth } from './width-ladder.ts';

/** How a candidate was made from its parent: the lineage the run records. */
export type Mutation =
  | { readonly kind: 'seed'; readonly ops: readonly [CellOperation, CellOperation] }
  | { readonly kind: 'grow'; readonly cell: Cell }
  | { readonly kind: 'trim-op'; readonly block: number; readonly cell: number; readonly branch: 0 | 1 }
  | { readonly kind: 'trim-edge'; readonly block: number; readonly cell: number }
  /** Every block's cells `from` → `to` channels wide (the ladder's next step up or down). */
  | { readonly kind: 'width'; readonly from: number; readonly to: number }
  /**
   * The parent itself, trained further from its own weights for a child's budget: the baseline
   * its children must beat, so that a child wins by its change and not by the extra training.
   */
  | { readonly kind: 'keep' };

export interface Candidate {
  readonly genotype: Genotype;
  readonly mutation: Mutation;
}

function dedupe(candidates: readonly Candidate[], exclude: readonly Genotype[] = []): Candidate[] {
  const seen = new Set(exclude.map(genotypeKey));
  return candidates.filter((c) => {
    const key = genotypeKey(c.genotype);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const sameInAllBlocks = (block: Block): Block[] => [0, 1, 2, 3, 4].map(() => block);

/** Seed round: every single-cell network, both inputs the block input, the same cell in all blocks. */
export function seedCandidates(width: number, stem = width, stemStride: 1 | 2 = 1): Candidate[] {
  // Stride 1 stays implicit so genotypes (and their keys) of stride-1 runs are unchanged.
  const stride = stemStride === 2 ? { stemStride } : {};
  const out: Candidate[] = [];
  for (const a of CELL_OPERATIONS) {
    for (const b of CELL_OPERATIONS) {
      const cell: Cell = { inputs: [0, 0], ops: [a, b], toOutput: true };
      out.push({
        genotype: { space: SPACE_ID, width, stem, ...stride, blocks: sameInAllBlocks({ cells: [cell] }) },
        mutation: { kind: 'seed', ops: [a, b] },
      });
    }
  }
  return dedupe(out);
}

/** Grow: one new cell, the same in all five blocks, over every op pair and every choice of its two inputs. */
export function growCandidates(parent: Genotype): Candidate[] {
  const c = parent.blocks[0]!.cells.length;
  const out: Candidate[] = [];
  for (let i1 = 0; i1 <= c; i1++) {
    for (let i2 = 0; i2 <= c; i2++) {
      for (const a of CELL_OPERATIONS) {
        for (const b of CELL_OPERATIONS) {
          const cell: Cell = { inputs: [i1, i2], ops: [a, b], toOutput: true };
          const blocks = parent.blocks.map((block) => ({ cells: [...block.cells, cell] }));
          out.push({ genotype: { ...parent, blocks }, mutation: { kind: 'grow', cell } });
        }
      }
    }
  }
  return dedupe(out, [parent]);
}

/**
 * Trim: change one block only — one operation of one cell becomes a 1×1 conv, or one cell's edge
 * to the block output is removed where a later cell still reads that cell.
 */
export function trimCandidates(parent: Genotype): Candidate[] {
  const out: Candidate[] = [];
  const withBlock = (bi: number, cells: Cell[]): Genotype => ({
    ...parent,
    blocks: parent.blocks.map((b, i) => (i === bi ? { cells } : b)),
  });
  parent.blocks.forEach((block, bi) => {
    block.cells.forEach((cell, ci) => {
      ([0, 1] as const).forEach((branch) => {
        if (cell.ops[branch] === 'conv1x1') return;
        const ops: [Cell['ops'][0], Cell['ops'][1]] = [cell.ops[0], cell.ops[1]];
        ops[branch] = 'conv1x1';
        const cells = block.cells.map((c, k) => (k === ci ? { ...c, ops } : c));
        out.push({
          genotype: withBlock(bi, cells),
          mutation: { kind: 'trim-op', block: bi, cell: ci, branch },
        });
      });
      const readLater = block.cells.slice(ci + 1).some((later) => later.inputs.includes(ci + 1));
      if (cell.toOutput && readLater) {
        const cells = block.cells.map((c, k) => (k === ci ? { ...c, toOutput: false } : c));
        out.push({ genotype: withBlock(bi, cells), mutation: { kind: 'trim-edge', block: bi, cell: ci } });
      }
    });
  });
  return dedupe(out, [parent]);
}

/**
 * Width: the same cells one ladder step wider or narrower (the stem stays). Grows add a cell to
 * every block, which at small widths roughly triples a one-cell network; a width step buys
 * capacity in smaller steps (on Fashion-MNIST after eight epochs, one-cell networks at width 4, 6,
 * 8, 10 and 12 tested 87.05, 88.66, 89.64, 90.35 and 90.77%: docs/objective.md).
 */
export function widthCandidates(parent: Genotype): Candidate[] {
  const to = [widerWidth(parent.width), narrowerWidth(parent.width)];
  return to.flatMap((w) =>
    w === null
      ? []
      : [{ genotype: { ...parent, width: w }, mutation: { kind: 'width', from: parent.width, to: w } }],
  );
}

/** The parent trained further (the round's baseline); its key differs from the parent's. */
export function keepCandidate(parent: Genotype): Candidate {
  return { genotype: parent, mutation: { kind: 'keep' } };
}

/** Every grow, trim and width candidate of a parent, duplicates removed. */
export function childCandidates(parent: Genotype): Candidate[] {
  return dedupe([...growCandidates(parent), ...trimCandidates(parent), ...widthCandidates(parent)], [parent]);
}
