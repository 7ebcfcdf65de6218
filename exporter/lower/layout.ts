// Weight layout conversions, done once at export: tfjs HWIO → ONNX OIHW, depthwise HWCM →
// [C·M, 1, H, W], and the NHWC-flatten → NCHW-flatten row permutation of a dense kernel; and
// their inverses, for importing ONNX back (the raises).
import type { WeightTensor } from '../../search/architecture/weights.ts';
import { MemnasError } from '../../search/errors.ts';
import type { IrInitializer } from '../graph-ir.ts';

export function required(t: WeightTensor | undefined, what: string): WeightTensor {
  if (t === undefined) throw new MemnasError('WEIGHTS_INVALID', `missing weights: ${what}`);
  return t;
}

/** [kh, kw, cin, cout] → [cout, cin, kh, kw]. */
export function hwioToOihw(t: WeightTensor): IrInitializer {
  const [kh, kw, cin, cout] = t.shape as [number, number, number, number];
  const out = new Float32Array(t.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + y) * kw + x] = t.data[((y * kw + x) * cin + i) * cout + o]!;
  return { dims: [cout, cin, kh, kw], data: out };
}

/** Depthwise [kh, kw, c, m] → grouped-conv weights [c·m, 1, kh, kw] (output channel c·m + k, as tfjs orders them). */
export function depthwiseToOihw(t: WeightTensor): IrInitializer {
  const [kh, kw, c, m] = t.shape as [number, number, number, number];
  const out = new Float32Array(t.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let ch = 0; ch < c; ch++)
        for (let k = 0; k < m; k++)
          out[(((ch * m + k) * 1 + 0) * kh + y) * kw + x] = t.data[((y * kw + x) * c + ch) * m + k]!;
  return { dims: [c * m, 1, kh, kw], data: out };
}

/**
 * A dense kernel [h·w·c, units] whose rows follow NHWC flatten order, reordered to NCHW flatten
 * order, so the ONNX graph can flatten NCHW directly instead of transposing the activations.
 */
export function nhwcRowsToNchw(kernel: WeightTensor, [h, w, c]: readonly number[]): IrInitializer {
  const units = kernel.shape[1]!;
  const out = new Float32Array(kernel.data.length);
  for (let y = 0; y < h!; y++)
    for (let x = 0; x < w!; x++)
      for (let ch = 0; ch < c!; ch++) {
        const from = ((y * w! + x) * c! + ch) * units;
        const to = ((ch * h! + y) * w! + x) * units;
        out.set(kernel.data.subarray(from, from + units), to);
      }
  return { dims: [...kernel.shape], data: out };
}

export const asInit = (t: WeightTensor): IrInitializer => ({ dims: [...t.shape], data: t.data });

/** Inverse of hwioToOihw: [cout, cin, kh, kw] → [kh, kw, cin, cout]. */
export function oihwToHwio(t: WeightTensor): WeightTensor {
  const [o, i, h, w] = t.shape as [number, number, number, number];
  const out = new Float32Array(t.data.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          out[((y * w + x) * i + b) * o + a] = t.data[((a * i + b) * h + y) * w + x] ?? 0;
  return { shape: [h, w, i, o], data: out };
}

/** Inverse of depthwiseToOihw: grouped-conv weights [c·m, 1, kh, kw] over `c` channels → [kh, kw, c, m]. */
export function oihwToDepthwise(t: WeightTensor, c: number): WeightTensor {
  const [cm, , h, w] = t.shape as [number, number, number, number];
  const m = cm / c;
  const out = new Float32Array(t.data.length);
  for (let ch = 0; ch < c; ch++)
    for (let k = 0; k < m; k++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          out[((y * w + x) * c + ch) * m + k] = t.data[((ch * m + k) * h + y) * w + x] ?? 0;
  return { shape: [h, w, c, m], data: out };
}

/** Inverse of nhwcRowsToNchw: a dense kernel's rows from NCHW flatten order back to NHWC. */
export function nchwRowsToNhwc(kernel: WeightTensor, shape: readonly number[]): WeightTensor {
  const [h, w, c] = shape as [number, number, number];
  const units = kernel.shape[1] ?? 0;
  const out = new Float32Array(kernel.data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < c; ch++) {
        const nchw = ((ch * h + y) * w + x) * units;
        out.set(kernel.data.subarray(nchw, nchw + units), ((y * w + x) * c + ch) * units);
      }
  return { shape: [...kernel.shape], data: out };
}
