// Slice (attributes before opset 10, inputs from 10, with steps and the ONNX clamping rules) and
// Pad (pads attribute before opset 11, pads input — and axes from opset 18 — after).
import { info, normalizeAxis, sliceValue } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

interface SliceArgs {
  starts: readonly number[];
  ends: readonly number[];
  axes: readonly number[] | undefined;
  steps: readonly number[] | undefined;
}

function sliceArgs(ctx: ShapeContext): SliceArgs {
  if (ctx.opset < 10 || ctx.attrs.has('starts')) {
    return {
      starts: ctx.attrs.ints('starts') ?? ctx.fail("attribute 'starts' is missing"),
      ends: ctx.attrs.ints('ends') ?? ctx.fail("attribute 'ends' is missing"),
      axes: ctx.attrs.ints('axes'),
      steps: undefined,
    };
  }
  return {
    starts: ctx.constValues(1, 'starts'),
    ends: ctx.constValues(2, 'ends'),
    axes: ctx.input(3) ? ctx.constValues(3, 'axes') : undefined,
    steps: ctx.input(4) ? ctx.constValues(4, 'steps') : undefined,
  };
}

function slice(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const { starts, ends, axes, steps } = sliceArgs(ctx);
  const dims = [...x.dims];
  const first = x.dims.map(() => 0);
  const stride = x.dims.map(() => 1);
  starts.forEach((s0, i) => {
    const axis = normalizeAxis(ctx, axes?.[i] ?? i, x.dims.length);
    const dim = x.dims[axis] ?? 0;
    const step = steps?.[i] ?? 1;
    if (step === 0) ctx.fail('a step is 0');
    const e0 = ends[i] ?? dim;
    const wrap = (v: number): number => (v < 0 ? v + dim : v);
    const [lo, hi] = step > 0 ? [0, dim] : [-1, dim - 1];
    const start = Math.min(Math.max(wrap(s0), 0), step > 0 ? dim : dim - 1);
    const end = Math.min(Math.max(wrap(e0), lo), hi);
    dims[axis] = Math.max(0, Math.ceil((end - start) / step));
    first[axis] = start;
    stride[axis] = step;
  });
  return [info(x.dtype, dims, sliceValue(x, first, stride, dims))];
}

function pad(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const rank = x.dims.length;
  const pads = ctx.attrs.ints('pads') ?? ctx.attrs.ints('paddings') ?? ctx.constValues(1, 'pads');
  const axes = ctx.input(3)
    ? ctx.constValues(3, 'axes').map((a) => normalizeAxis(ctx, a, rank))
    : x.dims.map((_, i) => i);
  if (pads.length !== 2 * axes.length) ctx.fail(`pads has ${pads.length} entries for ${axes.length} axes`);
  const dims = [...x.dims];
  axes.forEach((axis, i) => {
    dims[axis] = (dims[axis] ?? 0) + (pads[i] ?? 0) + (pads[i + axes.length] ?? 0);
  });
  if (dims.some((d) => d < 0))
    ctx.fail(`pads [${pads.join(', ')}] crop more than the input [${x.dims.join(', ')}]`);
  return [info(x.dtype, dims)];
}

export const sliceRules: readonly OpShapeRule[] = [
  { opType: 'Slice', infer: slice },
  { opType: 'Pad', infer: pad },
];
