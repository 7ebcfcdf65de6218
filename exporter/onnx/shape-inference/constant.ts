// Operators that create tensors from attributes or from shapes: Constant, ConstantOfShape,
// Shape, Size, Range. These are where folded values start.
import { DataType, numel } from '../tensor-info.ts';
import { info } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

function constant(ctx: ShapeContext): TensorInfo[] {
  const { attrs } = ctx;
  const t = attrs.tensor('value');
  if (t) return [t];
  const f = attrs.float('value_float');
  if (f !== undefined) return [info(DataType.FLOAT, [], [f])];
  const fs = attrs.floats('value_floats');
  if (fs) return [info(DataType.FLOAT, [fs.length], fs)];
  const i = attrs.int('value_int');
  if (i !== undefined) return [info(DataType.INT64, [], [i])];
  const is = attrs.ints('value_ints');
  if (is) return [info(DataType.INT64, [is.length], is)];
  if (attrs.has('value_string')) return [{ dtype: DataType.STRING, dims: [] }];
  if (attrs.has('sparse_value')) ctx.unsupported('sparse constant values are not supported');
  return ctx.fail('it has none of the value attributes');
}

function constantOfShape(ctx: ShapeContext): TensorInfo[] {
  const dims = ctx.constValues(0, 'shape');
  const fill = ctx.attrs.tensor('value');
  const dtype = fill?.dtype ?? DataType.FLOAT;
  const v = fill?.value?.[0] ?? 0;
  return [info(dtype, dims, new Array<number>(numel(dims)).fill(v))];
}

function shape(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const rank = x.dims.length;
  const clamp = (a: number): number => Math.min(rank, Math.max(0, a < 0 ? a + rank : a));
  const start = clamp(ctx.attrs.int('start') ?? 0);
  const end = clamp(ctx.attrs.int('end') ?? rank);
  const value = x.dims.slice(start, Math.max(start, end));
  return [info(DataType.INT64, [value.length], value)];
}

function range(ctx: ShapeContext): TensorInfo[] {
  const [start = 0] = ctx.constValues(0, 'start');
  const [limit = 0] = ctx.constValues(1, 'limit');
  const [delta = 1] = ctx.constValues(2, 'delta');
  if (delta === 0) ctx.fail('delta is 0');
  const n = Math.max(0, Math.ceil((limit - start) / delta));
  const value = Array.from({ length: n }, (_, i) => start + i * delta);
  return [info(ctx.required(0).dtype, [n], value)];
}

export const constantRules: readonly OpShapeRule[] = [
  { opType: 'Constant', infer: constant },
  { opType: 'ConstantOfShape', infer: constantOfShape },
  { opType: 'Shape', infer: shape },
  { opType: 'Size', infer: (ctx) => [info(DataType.INT64, [], [numel(ctx.required(0).dims)])] },
  { opType: 'Range', infer: range },
];
