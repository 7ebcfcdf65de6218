// One line per grow/trim step, for the report's lineage table and tree.
import type { Mutation } from '../../search/space/grow-trim.ts';

export function describeMutation(m: Mutation): string {
  switch (m.kind) {
    case 'seed':
      return `seed ${m.ops.join(' + ')}`;
    case 'grow':
      return `grow ${m.cell.ops.join(' + ')} on inputs ${m.cell.inputs.join(', ')}`;
    case 'trim-op':
      return `trim op ${m.branch + 1} of cell ${m.cell + 1} in block ${m.block + 1}`;
    case 'trim-edge':
      return `trim output edge of cell ${m.cell + 1} in block ${m.block + 1}`;
    case 'width':
      return `${m.to > m.from ? 'widen' : 'narrow'} cells from ${m.from} to ${m.to} channels`;
    case 'keep':
      return "the parent trained further (the round's baseline)";
  }
}
