// The one list of op families the model builder knows (STYLE.md §4), keyed by op so an op of the
// architecture format without a definition does not compile. Adding an op means its shape rule
// in search/architecture/ops/, one file in ops/ here and one line below.

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

const definitions: Record<OpName, OpDefinition> = {
  conv: convOp as OpDefinition,
  depthwiseConv: depthwiseOp as OpDefinition,
  maxPool: poolOp as OpDefinition,
  avgPool: poolOp as OpDefinition,
  batchNorm: batchNormOp as OpDefinition,
  activation: activationOp as OpDefinition,
  add: addOp as OpDefinition,
  concat: concatOp as OpDefinition,
  globalPool: globalPoolOp as OpDefinition,
  flatten: flattenOp as OpDefinition,
  dense: denseOp as OpDefinition,
};

/** The definition for a node's op, or ARCH_UNKNOWN_OP naming the node. */
export function opFor(node: ArchNode): OpDefinition {
  const def = Object.hasOwn(definitions, node.op) ? definitions[node.op] : undefined;
  if (def === undefined)
    throw new MemnasError(
      'ARCH_UNKNOWN_OP',
      `node ${node.id} uses op '${String(node.op)}', which the trainer does not know`,
    );
  return def;
}

/** Every op name the trainer can build. */
export const trainerOps: readonly OpName[] = Object.keys(definitions) as OpName[];
