// Concat (joins along an axis) and Split (sizes from the `split` attribute before opset 13, the
// `split` input from 13, `num_outputs` from 18, or equal parts). Small values are carried through.
import { numel } from '../tensor-info.ts';
import { info, normalizeAxis, sliceValue, strides, unravel } from './helpers.ts';
import { MAX_VALUE_ELEMENTS, type OpShapeRule, type ShapeContext, type TensorInfo } from './types.ts';

function concat(ctx: ShapeContext): TensorInfo[] {
  const inputs: TensorInfo[] = [];
  for (let i = 0; i < ctx.inputCount; i++) inputs.push(ctx.required(i));
  const first = inputs[0] ?? ctx.fail('it has no inputs');
  const rank = first.dims.length;
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis') ?? ctx.fail("attribute 'axis' is missing"), rank);
  const dims = [...first.dims];
  dims[axis] = 0;
  for (const t of inputs) {
    if (t.dims.length !== rank || t.dims.some((d, i) => i !== axis && d !== first.dims[i])) {
      ctx.fail(`inputs [${first.dims.join(', ')}] and [${t.dims.join(', ')}] differ off axis ${axis}`);
    }
    dims[axis] = (dims[axis] ?? 0) + (t.dims[axis] ?? 0);
  }
  return [info(first.dtype, dims, concatValue(inputs, axis, dims))];
}

function concatValue(
  inputs: readonly TensorInfo[],
  axis: number,
  dims: readonly number[],
): number[] | undefined {
  if (numel(dims) > MAX_VALUE_ELEMENTS || inputs.some((t) => t.value === undefined)) return undefined;
  const out: number[] = [];
  for (let flat = 0; flat < numel(dims); flat++) {
    const idx = unravel(flat, dims);
    let pos = idx[axis] ?? 0;
    for (const t of inputs) {
      const size = t.dims[axis] ?? 0;
      if (pos < size) {
        idx[axis] = pos;
        const st = strides(t.dims);
        out.push(t.value?.[idx.reduce((s, v, a) => s + v * (st[a] ?? 1), 0)] ?? 0);
        break;
      }
      pos -= size;
    }
  }
  return out;
}

function splitSizes(ctx: ShapeContext, dim: number, outputs: number): readonly number[] {
  const sizes = ctx.attrs.ints('split') ?? (ctx.input(1) ? ctx.constValues(1, 'split sizes') : undefined);
  if (sizes) {
    if (sizes.reduce((a, b) => a + b, 0) !== dim)
      ctx.fail(`split sizes [${sizes.join(', ')}] do not add up to ${dim}`);
    return sizes;
  }
  const parts = ctx.attrs.int('num_outputs') ?? outputs;
  if (ctx.attrs.has('num_outputs')) {
    // Opset 18: ceil-sized chunks, the last one smaller.
    const chunk = Math.ceil(dim / parts);
    return Array.from({ length: parts }, (_, i) => Math.max(0, Math.min(chunk, dim - i * chunk)));
  }
  if (dim % parts !== 0) ctx.fail(`axis of size ${dim} does not split into ${parts} equal parts`);
  return new Array<number>(parts).fill(dim / parts);
}

function split(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis') ?? 0, x.dims.length);
  const sizes = splitSizes(ctx, x.dims[axis] ?? 0, ctx.outputCount);
  let offset = 0;
  return sizes.map((size) => {
    const dims = [...x.dims];
    dims[axis] = size;
    const starts = x.dims.map((_, a) => (a === axis ? offset : 0));
    offset += size;
    return info(x.dtype, dims, sliceValue(x, starts, [], dims));
  });
}

export const concatSplitRules: readonly OpShapeRule[] = [
  { opType: 'Concat', infer: concat },
  { opType: 'Split', infer: split },
];
