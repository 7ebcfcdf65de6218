// Small shared pieces of the shape rules: axis normalisation, numpy broadcasting, and
// element-wise evaluation of small known values.
import { DataType, isIntegerType, numel } from '../tensor-info.ts';
import { MAX_VALUE_ELEMENTS, type ShapeContext, type TensorInfo } from './types.ts';

/** A possibly negative axis in [-rank, rank) as a non-negative one. */
export function normalizeAxis(ctx: ShapeContext, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank || !Number.isInteger(a)) ctx.fail(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/** numpy / ONNX multidirectional broadcasting of several shapes. */
export function broadcastDims(ctx: ShapeContext, shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) {
        ctx.fail(`shapes ${shapes.map((x) => `[${x.join(', ')}]`).join(' and ')} do not broadcast`);
      }
      d = v;
    }
    out.push(d);
  }
  return out;
}

/** Row-major strides of `dims`. */
export function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = (s[i + 1] ?? 1) * (dims[i + 1] ?? 1);
  return s;
}

/** Multi-index of flat index `flat` in `dims`. */
export function unravel(flat: number, dims: readonly number[]): number[] {
  const idx = new Array<number>(dims.length).fill(0);
  let rest = flat;
  for (let i = dims.length - 1; i >= 0; i--) {
    const d = dims[i] ?? 1;
    idx[i] = rest % d;
    rest = Math.floor(rest / d);
  }
  return idx;
}

/** Flat index in a tensor of `dims` broadcast to an output whose multi-index is `outIdx`. */
export function broadcastIndex(outIdx: readonly number[], dims: readonly number[]): number {
  const st = strides(dims);
  const off = outIdx.length - dims.length;
  let flat = 0;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i] ?? 1;
    flat += (d === 1 ? 0 : (outIdx[i + off] ?? 0)) * (st[i] ?? 1);
  }
  return flat;
}

/** Keeps a value only while it is small enough to be worth carrying. */
export function smallValue(
  dims: readonly number[],
  value: readonly number[] | undefined,
): readonly number[] | undefined {
  return value !== undefined && numel(dims) <= MAX_VALUE_ELEMENTS ? value : undefined;
}

export function info(dtype: number, dims: readonly number[], value?: readonly number[]): TensorInfo {
  const v = smallValue(dims, value);
  return v === undefined ? { dtype, dims } : { dtype, dims, value: v };
}

/** Rounds a computed value the way the output type stores it (integer division truncates). */
export function castValue(dtype: number, x: number): number {
  if (dtype === DataType.BOOL) return x !== 0 ? 1 : 0;
  if (isIntegerType(dtype)) return Math.trunc(x);
  if (dtype === DataType.FLOAT) return Math.fround(x);
  return x;
}

/**
 * Element-wise evaluation over broadcast inputs, when every input's value is known and the
 * output is small; otherwise undefined.
 */
export function evalElementwise(
  inputs: readonly TensorInfo[],
  outDims: readonly number[],
  outDtype: number,
  fn: (xs: number[]) => number,
): number[] | undefined {
  if (numel(outDims) > MAX_VALUE_ELEMENTS) return undefined;
  const values = inputs.map((t) => t.value);
  if (values.some((v) => v === undefined)) return undefined;
  const out: number[] = [];
  for (let flat = 0; flat < numel(outDims); flat++) {
    const idx = unravel(flat, outDims);
    const xs = inputs.map((t, k) => values[k]?.[broadcastIndex(idx, t.dims)] ?? 0);
    out.push(castValue(outDtype, fn(xs)));
  }
  return out;
}

/** Output size of one spatial axis of a convolution or pooling window (floor or ceil mode). */
export function windowOutput(
  inSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  padTotal: number,
  ceil: boolean,
): number {
  const span = inSize + padTotal - dilation * (kernel - 1) - 1;
  return (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
}

/**
 * Values of a strided slice: output element at multi-index i reads input element
 * starts[a] + i[a]·steps[a] on every axis a. Undefined when the input value is unknown.
 */
export function sliceValue(
  x: TensorInfo,
  starts: readonly number[],
  steps: readonly number[],
  outDims: readonly number[],
): number[] | undefined {
  if (x.value === undefined || numel(outDims) > MAX_VALUE_ELEMENTS) return undefined;
  const st = strides(x.dims);
  const out: number[] = [];
  for (let flat = 0; flat < numel(outDims); flat++) {
    const idx = unravel(flat, outDims);
    let src = 0;
    idx.forEach((v, a) => {
      src += ((starts[a] ?? 0) + v * (steps[a] ?? 1)) * (st[a] ?? 1);
    });
    out.push(x.value[src] ?? 0);
  }
  return out;
}
