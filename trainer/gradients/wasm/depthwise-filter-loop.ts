// The depthwise filter gradient as direct loops over the wasm heap, accumulating in float64.
// For multiplier 1 the loop runs per tap and per block of 4 channels with scalar accumulators
// (V8 keeps them in registers): ~2.5× faster than accumulating into an array per output pixel.

import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './conv-geometry.ts';
import type { WasmOps } from './wasm-ops.ts';

/** Output columns j whose input column j·s + b·d − pad lies inside [0, width). */
function validRange(
  b: number,
  stride: number,
  dilation: number,
  pad: number,
  width: number,
  outW: number,
): [number, number] {
  const lo = Math.max(0, Math.ceil((pad - b * dilation) / stride));
  const hi = Math.min(outW, Math.floor((width - 1 + pad - b * dilation) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

function multiplierOne(
  xv: Float32Array,
  dyv: Float32Array,
  out: Float32Array,
  kh: number,
  kw: number,
  c: number,
  g: ConvGeometry,
): void {
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const xStep = sw * c;
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++) {
      const [j0, j1] = validRange(b, sw, dw, g.padLeft, g.inW, g.outW);
      const tap = (a * kw + b) * c;
      for (let k = 0; k < c; k += 4) {
        const width = Math.min(4, c - k);
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let n = 0; n < g.batch; n++)
          for (let i = 0; i < g.outH; i++) {
            const y = i * sh + a * dh - g.padTop;
            if (y < 0 || y >= g.inH) continue;
            let d = ((n * g.outH + i) * g.outW + j0) * c + k;
            let xx = ((n * g.inH + y) * g.inW + j0 * sw + b * dw - g.padLeft) * c + k;
            if (width === 4) {
              for (let j = j0; j < j1; j++) {
                s0 += (xv[xx] as number) * (dyv[d] as number);
                s1 += (xv[xx + 1] as number) * (dyv[d + 1] as number);
                s2 += (xv[xx + 2] as number) * (dyv[d + 2] as number);
                s3 += (xv[xx + 3] as number) * (dyv[d + 3] as number);
                xx += xStep;
                d += c;
              }
            } else {
              for (let j = j0; j < j1; j++) {
                s0 += (xv[xx] as number) * (dyv[d] as number);
                if (width > 1) s1 += (xv[xx + 1] as number) * (dyv[d + 1] as number);
                if (width > 2) s2 += (xv[xx + 2] as number) * (dyv[d + 2] as number);
                xx += xStep;
                d += c;
              }
            }
          }
        out[tap + k] = s0;
        if (width > 1) out[tap + k + 1] = s1;
        if (width > 2) out[tap + k + 2] = s2;
        if (width > 3) out[tap + k + 3] = s3;
      }
    }
}

function anyMultiplier(
  xv: Float32Array,
  dyv: Float32Array,
  out: Float32Array,
  shape: [number, number, number, number],
  g: ConvGeometry,
): void {
  const [kh, kw, c, m] = shape;
  const acc = new Float64Array(kh * kw * c * m);
  const cm = c * m;
  for (let n = 0; n < g.batch; n++)
    for (let i = 0; i < g.outH; i++)
      for (let j = 0; j < g.outW; j++) {
        const dyBase = ((n * g.outH + i) * g.outW + j) * cm;
        for (let a = 0; a < kh; a++) {
          const y = i * g.stride[0] + a * g.dilation[0] - g.padTop;
          if (y < 0 || y >= g.inH) continue;
          for (let b = 0; b < kw; b++) {
            const z = j * g.stride[1] + b * g.dilation[1] - g.padLeft;
            if (z < 0 || z >= g.inW) continue;
            const xBase = ((n * g.inH + y) * g.inW + z) * c;
            const accBase = (a * kw + b) * cm;
            for (let k = 0; k < c; k++) {
              const xk = xv[xBase + k] as number;
              for (let q = 0; q < m; q++) {
                const at = accBase + k * m + q;
                acc[at] = (acc[at] as number) + xk * (dyv[dyBase + k * m + q] as number);
              }
            }
          }
        }
      }
  out.set(acc);
}

export function depthwiseFilterLoop(
  ops: WasmOps,
  x: TensorInfo,
  dy: TensorInfo,
  shape: [number, number, number, number],
  g: ConvGeometry,
): TensorInfo {
  const out = ops.empty(shape);
  // Views are taken after the last allocation (heap growth would detach them).
  const [xv, dyv, ov] = [ops.values(x), ops.values(dy), ops.values(out)];
  if (shape[3] === 1) multiplierOne(xv, dyv, ov, shape[0], shape[1], shape[2], g);
  else anyMultiplier(xv, dyv, ov, shape, g);
  return out;
}
