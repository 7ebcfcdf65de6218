// Operators that create tensors from attributes or from shapes: Constant, ConstantOfShape,
// Shape, Size, Range. These are where folded values start. Values are only ever built for
// outputs of at most MAX_VALUE_ELEMENTS elements: a 119-byte ConstantOfShape [20000, 20000] is
// sized from its shape, never filled (filling it took 8 GB and aborted V8).
import { DataType, numel } from '../tensor-info.ts';
import { info } from './helpers.ts';
import { MAX_VALUE_ELEMENTS, type OpShapeRule, type ShapeContext, type TensorInfo } from './types.ts';

/** Dims read from a shape input: non-negative safe integers whose product is a safe integer. */
function shapeDims(ctx: ShapeContext, values: readonly number[], what: string): number[] {
  for (const d of values) {
    if (!Number.isSafeInteger(d) || d < 0) ctx.fail(`its ${what} has an invalid dimension ${d}`);
  }
  if (!Number.isSafeInteger(numel(values)))
    ctx.fail(`its ${what} [${values.join(', ')}] has more elements than can be counted`);
  return [...values];
}

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
  const dims = shapeDims(ctx, ctx.constValues(0, 'shape'), 'shape');
  const fill = ctx.attrs.tensor('value');
  const dtype = fill?.dtype ?? DataType.FLOAT;
  const n = numel(dims);
  if (n > MAX_VALUE_ELEMENTS) return [{ dtype, dims }];
  return [info(dtype, dims, new Array<number>(n).fill(fill?.value?.[0] ?? 0))];
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
  if (!Number.isSafeInteger(n)) ctx.fail(`it would have ${n} elements`);
  const dtype = ctx.required(0).dtype;
  if (n > MAX_VALUE_ELEMENTS) return [{ dtype, dims: [n] }];
  return [
    info(
      dtype,
      [n],
      Array.from({ length: n }, (_, i) => start + i * delta),
    ),
  ];
}

export const constantRules: readonly OpShapeRule[] = [
  { opType: 'Constant', infer: constant },
  { opType: 'ConstantOfShape', infer: constantOfShape },
  { opType: 'Shape', infer: shape },
  { opType: 'Size', infer: (ctx) => [info(DataType.INT64, [], [numel(ctx.required(0).dims)])] },
  { opType: 'Range', infer: range },
];
