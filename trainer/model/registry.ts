// The one list of op families the model builder knows (STYLE.md §4). Adding an op to the
// architecture format means one file in ops/ and one line here.

import type { ArchNode, OpName } from '../../search/architecture/types.ts';
import { MemnasError } from '../../search/errors.ts';
import type { OpDefinition } from './op.ts';
import { activationOp } from './ops/activation.ts';
import { addOp } from './ops/add.ts';
import { batchNormOp } from './ops/batch-norm.ts';
import { concatOp } from './ops/concat.ts';
import { convOp } from './ops/conv.ts';
import { denseOp } from './ops/dense.ts';
import { depthwiseOp } from './ops/depthwise.ts';
import { flattenOp } from './ops/flatten.ts';
import { globalPoolOp } from './ops/global-pool.ts';
import { poolOp } from './ops/pool.ts';

const families = [
  convOp,
  depthwiseOp,
  poolOp,
  batchNormOp,
  activationOp,
  addOp,
  concatOp,
  globalPoolOp,
  flattenOp,
  denseOp,
] as const;

const byOp = new Map<string, OpDefinition>();
for (const family of families) {
  for (const op of family.ops) byOp.set(op, family as unknown as OpDefinition);
}

/** The definition for a node's op, or ARCH_UNKNOWN_OP naming the node. */
export function opFor(node: ArchNode): OpDefinition {
  const def = byOp.get(node.op);
  if (def === undefined)
    throw new MemnasError(
      'ARCH_UNKNOWN_OP',
      `node ${node.id} uses op '${String(node.op)}', which the trainer does not know`,
    );
  return def;
}

/** Every op name the trainer can build. */
export const trainerOps: readonly OpName[] = families.flatMap((f) => [...f.ops]);
