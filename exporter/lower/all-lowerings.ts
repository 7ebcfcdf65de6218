// The one list of operator lowerings (STYLE.md §4).
import type { OpName } from '../../search/architecture/types.ts';
import { lowerActivation } from './activation.ts';
import { lowerBatchNorm } from './batch-norm.ts';
import { lowerConv } from './conv.ts';
import { lowerDepthwiseConv } from './depthwise-conv.ts';
import { lowerDense, lowerFlatten, lowerGlobalPool } from './flat.ts';
import type { Lowering } from './lowering.ts';
import { lowerAdd, lowerConcat } from './merge.ts';
import { lowerPool } from './pool.ts';

export const lowerings: Record<OpName, Lowering> = {
  conv: lowerConv,
  depthwiseConv: lowerDepthwiseConv,
  maxPool: lowerPool,
  avgPool: lowerPool,
  batchNorm: lowerBatchNorm,
  activation: lowerActivation,
  add: lowerAdd,
  concat: lowerConcat,
  globalPool: lowerGlobalPool,
  flatten: lowerFlatten,
  dense: lowerDense,
};
