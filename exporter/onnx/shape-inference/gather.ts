// Gather (the `x.shape[i]` of PyTorch exports, folded when data and indices are known),
// GatherElements and Transpose.
import { numel } from '../tensor-info.ts';
import { info, normalizeAxis, strides, unravel } from './helpers.ts';
import { MAX_VALUE_ELEMENTS, type OpShapeRule, type ShapeContext, type TensorInfo } from './types.ts';

function gatherValue(
  data: TensorInfo,
  indices: TensorInfo,
  axis: number,
  dims: readonly number[],
): number[] | undefined {
  if (data.value === undefined || indices.value === undefined || numel(dims) > MAX_VALUE_ELEMENTS)
    return undefined;
  const st = strides(data.dims);
  const size = data.dims[axis] ?? 0;
  const ir = indices.dims.length;
  const out: number[] = [];
  for (let flat = 0; flat < numel(dims); flat++) {
    const idx = unravel(flat, dims);
    const iFlat =
      numel(indices.dims) === 0
        ? 0
        : idx.slice(axis, axis + ir).reduce((s, v, a) => s + v * (strides(indices.dims)[a] ?? 1), 0);
    const raw = indices.value[iFlat] ?? 0;
    const src = [...idx.slice(0, axis), raw < 0 ? raw + size : raw, ...idx.slice(axis + ir)];
    out.push(data.value[src.reduce((s, v, a) => s + v * (st[a] ?? 1), 0)] ?? 0);
  }
  return out;
}

function gather(ctx: ShapeContext): TensorInfo[] {
  const data = ctx.required(0);
  const indices = ctx.required(1);
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis') ?? 0, data.dims.length);
  const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)];
  return [info(data.dtype, dims, gatherValue(data, indices, axis, dims))];
}

function transpose(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const rank = x.dims.length;
  const perm = ctx.attrs.ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    ctx.fail(`perm [${perm.join(', ')}] is not a permutation of rank ${rank}`);
  }
  const dims = perm.map((p) => x.dims[p] ?? 0);
  let value: number[] | undefined;
  if (x.value !== undefined) {
    const st = strides(x.dims);
    value = Array.from({ length: numel(dims) }, (_, flat) => {
      const idx = unravel(flat, dims);
      return x.value?.[idx.reduce((s, v, a) => s + v * (st[perm[a] ?? 0] ?? 1), 0)] ?? 0;
    });
  }
  return [info(x.dtype, dims, value)];
}

export const gatherRules: readonly OpShapeRule[] = [
  { opType: 'Gather', infer: gather },
  { opType: 'GatherElements', infer: (ctx) => [info(ctx.required(0).dtype, ctx.required(1).dims)] },
  { opType: 'Transpose', infer: transpose },
];
