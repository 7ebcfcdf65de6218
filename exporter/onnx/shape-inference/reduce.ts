// The Reduce* family: axes as attribute (before opset 13 for ReduceSum, before 18 for the
// others) or as optional input, keepdims, noop_with_empty_axes; ArgMax/ArgMin on one axis.
import { DataType } from '../tensor-info.ts';
import { info, normalizeAxis } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

function reduce(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const rank = x.dims.length;
  const given = ctx.attrs.ints('axes') ?? (ctx.input(1) ? ctx.constValues(1, 'axes') : undefined);
  const keep = (ctx.attrs.int('keepdims') ?? 1) === 1;
  if ((given === undefined || given.length === 0) && (ctx.attrs.int('noop_with_empty_axes') ?? 0) === 1) {
    return [info(x.dtype, x.dims)];
  }
  const axes =
    given && given.length > 0 ? given.map((a) => normalizeAxis(ctx, a, rank)) : x.dims.map((_, i) => i);
  const dims = x.dims.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
  return [info(x.dtype, dims)];
}

function argReduce(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis') ?? 0, x.dims.length);
  const keep = (ctx.attrs.int('keepdims') ?? 1) === 1;
  const dims = x.dims.flatMap((d, i) => (i === axis ? (keep ? [1] : []) : [d]));
  return [info(DataType.INT64, dims)];
}

const REDUCE = [
  'ReduceMean',
  'ReduceSum',
  'ReduceMax',
  'ReduceMin',
  'ReduceProd',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceSumSquare',
];

export const reduceRules: readonly OpShapeRule[] = [
  ...REDUCE.map((opType) => ({ opType, infer: reduce })),
  { opType: 'ArgMax', infer: argReduce },
  { opType: 'ArgMin', infer: argReduce },
];
