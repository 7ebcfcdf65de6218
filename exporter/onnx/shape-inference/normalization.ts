// BatchNormalization (inference form, and the training-mode extra outputs of shape [C] when the
// node names them), LayerNormalization and GroupNormalization.
import { DataType } from '../tensor-info.ts';
import { info, normalizeAxis } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

function batchNorm(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  if (x.dims.length < 2) ctx.fail(`input has rank ${x.dims.length}; expected N × C × …`);
  const c = x.dims[1] ?? 0;
  const scale = ctx.input(1);
  if (scale && scale.dims[0] !== c) ctx.fail(`scale has ${scale.dims[0] ?? 0} entries for ${c} channels`);
  const stat = { dtype: scale?.dtype ?? x.dtype, dims: [c] };
  // Extra outputs (running mean/var, saved mean/var) are only produced when named.
  return [info(x.dtype, x.dims), stat, stat, stat, stat];
}

function layerNorm(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis') ?? -1, x.dims.length);
  const statDims = x.dims.map((d, i) => (i < axis ? d : 1));
  const statType = (ctx.attrs.int('stash_type') ?? 1) === 1 ? DataType.FLOAT : x.dtype;
  return [info(x.dtype, x.dims), { dtype: statType, dims: statDims }, { dtype: statType, dims: statDims }];
}

export const normalizationRules: readonly OpShapeRule[] = [
  { opType: 'BatchNormalization', infer: batchNorm },
  { opType: 'LayerNormalization', infer: layerNorm },
  { opType: 'GroupNormalization', infer: (ctx) => [info(ctx.required(0).dtype, ctx.required(0).dims)] },
];
