// The one list of operator raises, ONNX → architecture (STYLE.md §4); all-lowerings.ts is the
// other direction. Keyed by architecture op, so an op without a raise does not compile.
import type { OpName } from '../../search/architecture/types.ts';
import { raiseActivation } from './activation-raise.ts';
import { raiseBatchNorm } from './batch-norm-raise.ts';
import { raiseConv } from './conv-raise.ts';
import { raiseDepthwiseConv } from './depthwise-conv-raise.ts';
import { raiseDense, raiseFlatten, raiseGlobalPool } from './flat-raise.ts';
import { raiseAdd, raiseConcat } from './merge-raise.ts';
import { raisePool } from './pool-raise.ts';
import type { Raising } from './raising.ts';

export const raisings: Record<OpName, Raising> = {
  conv: raiseConv,
  depthwiseConv: raiseDepthwiseConv,
  maxPool: raisePool,
  avgPool: raisePool,
  batchNorm: raiseBatchNorm,
  activation: raiseActivation,
  add: raiseAdd,
  concat: raiseConcat,
  globalPool: raiseGlobalPool,
  flatten: raiseFlatten,
  dense: raiseDense,
};

/** The raises that read ONNX operator `opType`: those with an `accepts` test first. */
export function raisingsFor(opType: string): Raising[] {
  return [...new Set(Object.values(raisings))]
    .filter((r) => r.onnxOps.includes(opType))
    .sort((a, b) => Number(b.accepts !== undefined) - Number(a.accepts !== undefined));
}
