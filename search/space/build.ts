// Genotype → architecture: stem, five blocks (cells of two operations added together, block
// output the concatenation of the cells whose output edge is kept), global pool, dense.
import { ArchitectureBuilder } from '../architecture/builder.ts';
import type { Architecture } from '../architecture/types.ts';
import { MemnasError } from '../errors.ts';
import { BLOCK_STRIDES, BLOCK_WIDTH_FACTORS, type Genotype } from './genotype.ts';
import { lowerOperation } from './operations.ts';
import { validateGenotype } from './validate.ts';

export interface SpaceInput {
  readonly shape: readonly [number, number, number];
  readonly classes: number;
}

export function buildArchitecture(g: Genotype, input: SpaceInput, name = 'candidate'): Architecture {
  validateGenotype(g);
  const b = new ArchitectureBuilder(name, input.shape, input.classes);
  let x = b.activation(
    b.batchNorm(b.conv(b.input, g.stem, 3, { strides: g.stemStride ?? 1 }, 'stem_conv'), 'stem_bn'),
    'relu',
    'stem_relu',
  );
  g.blocks.forEach((block, bi) => {
    const width = g.width * BLOCK_WIDTH_FACTORS[bi]!;
    const stride = BLOCK_STRIDES[bi]!;
    const outputs: string[] = [x];
    block.cells.forEach((cell, ci) => {
      const branches = cell.inputs.map((from, k) =>
        // The operations reading the block input carry the block's stride.
        lowerOperation(
          b,
          cell.ops[k]!,
          outputs[from]!,
          width,
          from === 0 ? stride : 1,
          `b${bi + 1}c${ci + 1}o${k + 1}`,
        ),
      );
      outputs.push(b.add(branches, `b${bi + 1}c${ci + 1}_add`));
    });
    const kept = block.cells.flatMap((c, ci) => (c.toOutput ? [outputs[ci + 1]!] : []));
    if (kept.length === 0) throw new MemnasError('ARCH_INVALID', `block ${bi + 1} keeps no cell output`);
    x = kept.length === 1 ? kept[0]! : b.concat(kept, `b${bi + 1}_out`);
  });
  const logits = b.dense(b.globalPool(x), input.classes, true, 'classifier');
  return b.build(logits, g);
}
