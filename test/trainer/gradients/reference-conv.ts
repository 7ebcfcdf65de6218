// Float64 reference for the gradient tests: a direct NHWC convolution (ordinary or depthwise),
// the loss sum(conv(x, f) · r), and its gradients by central finite differences. The loss is
// linear in each argument, so the differences are exact up to float64 rounding.

export interface ConvCase {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  /** Output channels (ordinary conv) or channel multiplier (depthwise). */
  readonly cout: number;
  readonly kh: number;
  readonly kw: number;
  readonly stride: number;
  readonly dilation: number;
  readonly pad: 'same' | 'valid';
  readonly depthwise: boolean;
}

export interface Geometry {
  readonly outH: number;
  readonly outW: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly outC: number;
}

/** Output size and padding as TensorFlow defines them for 'same' and 'valid'. */
export function geometry(c: ConvCase): Geometry {
  const effH = (c.kh - 1) * c.dilation + 1;
  const effW = (c.kw - 1) * c.dilation + 1;
  const outC = c.depthwise ? c.cin * c.cout : c.cout;
  if (c.pad === 'valid') {
    return {
      outH: Math.ceil((c.h - effH + 1) / c.stride),
      outW: Math.ceil((c.w - effW + 1) / c.stride),
      padTop: 0,
      padLeft: 0,
      outC,
    };
  }
  const outH = Math.ceil(c.h / c.stride);
  const outW = Math.ceil(c.w / c.stride);
  const padH = Math.max(0, (outH - 1) * c.stride + effH - c.h);
  const padW = Math.max(0, (outW - 1) * c.stride + effW - c.w);
  return { outH, outW, padTop: Math.floor(padH / 2), padLeft: Math.floor(padW / 2), outC };
}

export function filterShape(c: ConvCase): [number, number, number, number] {
  return [c.kh, c.kw, c.cin, c.cout];
}

/** sum over outputs of conv(x, f) · r, in float64. */
export function loss(c: ConvCase, x: Float64Array, f: Float64Array, r: Float64Array): number {
  const g = geometry(c);
  let total = 0;
  for (let b = 0; b < c.n; b++)
    for (let i = 0; i < g.outH; i++)
      for (let j = 0; j < g.outW; j++)
        for (let a = 0; a < c.kh; a++) {
          const y = i * c.stride + a * c.dilation - g.padTop;
          if (y < 0 || y >= c.h) continue;
          for (let e = 0; e < c.kw; e++) {
            const z = j * c.stride + e * c.dilation - g.padLeft;
            if (z < 0 || z >= c.w) continue;
            const xBase = ((b * c.h + y) * c.w + z) * c.cin;
            const rBase = ((b * g.outH + i) * g.outW + j) * g.outC;
            const fBase = (a * c.kw + e) * c.cin * c.cout;
            for (let ci = 0; ci < c.cin; ci++) {
              const xv = x[xBase + ci] as number;
              for (let co = 0; co < c.cout; co++) {
                const oc = c.depthwise ? ci * c.cout + co : co;
                total += xv * (f[fBase + ci * c.cout + co] as number) * (r[rBase + oc] as number);
              }
            }
          }
        }
  return total;
}

/** Central-difference gradient of `fn` with respect to every entry of `v`. */
export function numericalGradient(v: Float64Array, fn: () => number, eps = 1e-3): Float64Array {
  const grad = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const old = v[i] as number;
    v[i] = old + eps;
    const up = fn();
    v[i] = old - eps;
    const down = fn();
    v[i] = old;
    grad[i] = (up - down) / (2 * eps);
  }
  return grad;
}

/** max|a − b| / max(max|b|, tiny): error relative to the reference's scale. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / scale;
}

/** Deterministic values in [-1, 1) (a small LCG), so failures reproduce. */
export function randomValues(length: number, seed: number): Float64Array {
  const out = new Float64Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
