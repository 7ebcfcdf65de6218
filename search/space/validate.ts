// Validity of a genotype: five blocks, cells reading only earlier cells, every cell used (either
// kept in the block output or read by a later cell), at least one output edge per block.
import { MemnasError } from '../errors.ts';
import { ALL_OPERATIONS } from './operations.ts';
import { SPACE_ID, type Genotype } from './genotype.ts';

export function validateGenotype(g: Genotype): void {
  const fail = (msg: string): never => {
    throw new MemnasError('ARCH_INVALID', `genotype: ${msg}`);
  };
  if (g.space !== SPACE_ID) fail(`unknown space '${String(g.space)}'`);
  if (!Number.isInteger(g.width) || g.width < 1) fail(`width must be a positive integer, got ${g.width}`);
  if (!Number.isInteger(g.stem) || g.stem < 1) fail(`stem must be a positive integer, got ${g.stem}`);
  if (g.stemStride !== undefined && g.stemStride !== 1 && g.stemStride !== 2)
    fail(`stem stride must be 1 or 2, got ${String(g.stemStride)}`);
  if (g.blocks.length !== 5) fail(`expected 5 blocks, got ${g.blocks.length}`);
  g.blocks.forEach((block, bi) => {
    if (block.cells.length === 0) fail(`block ${bi + 1} has no cells`);
    block.cells.forEach((cell, ci) => {
      for (const from of cell.inputs) {
        if (!Number.isInteger(from) || from < 0 || from > ci)
          fail(`block ${bi + 1} cell ${ci + 1} reads input ${from}, which does not exist yet`);
      }
      for (const op of cell.ops)
        if (!ALL_OPERATIONS.includes(op)) fail(`block ${bi + 1} cell ${ci + 1}: unknown operation '${op}'`);
      const readLater = block.cells.slice(ci + 1).some((later) => later.inputs.includes(ci + 1));
      if (!cell.toOutput && !readLater)
        fail(`block ${bi + 1} cell ${ci + 1} is neither in the block output nor read by a later cell`);
    });
  });
}
