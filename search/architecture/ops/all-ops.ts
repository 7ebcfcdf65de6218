// The one list of operators of the architecture format (STYLE.md §4).
import type { ArchNode, OpName } from '../types.ts';
import { activationOp } from './activation.ts';
import { addOp } from './add.ts';
import { batchNormOp } from './batch-norm.ts';
import { concatOp } from './concat.ts';
import { convOp } from './conv.ts';
import { denseOp } from './dense.ts';
import { depthwiseConvOp } from './depthwise-conv.ts';
import { flattenOp } from './flatten.ts';
import { globalPoolOp } from './global-pool.ts';
import type { OpSpec } from './op-spec.ts';
import { poolOp } from './pool.ts';

const registry: Record<OpName, OpSpec> = {
  conv: convOp as OpSpec,
  depthwiseConv: depthwiseConvOp as OpSpec,
  maxPool: poolOp as OpSpec,
  avgPool: poolOp as OpSpec,
  batchNorm: batchNormOp as OpSpec,
  activation: activationOp as OpSpec,
  add: addOp as OpSpec,
  concat: concatOp as OpSpec,
  globalPool: globalPoolOp as OpSpec,
  flatten: flattenOp as OpSpec,
  dense: denseOp as OpSpec,
};

export function opSpec(node: ArchNode): OpSpec {
  return registry[node.op];
}
