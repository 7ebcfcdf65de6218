// Float64 reference for the pooling-gradient tests: 3-D pooling windows as TensorFlow defines
// them ('same' averages divide by the in-range count), and sum(pool(x) · r) as a loss.

export interface PoolCase {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly k: number;
  readonly stride: number;
  readonly pad: 'same' | 'valid';
  readonly type: 'max' | 'avg';
}

export function poolOut(p: PoolCase): { outH: number; outW: number; top: number; left: number } {
  if (p.pad === 'valid')
    return {
      outH: Math.ceil((p.h - p.k + 1) / p.stride),
      outW: Math.ceil((p.w - p.k + 1) / p.stride),
      top: 0,
      left: 0,
    };
  const outH = Math.ceil(p.h / p.stride);
  const outW = Math.ceil(p.w / p.stride);
  const padH = Math.max(0, (outH - 1) * p.stride + p.k - p.h);
  const padW = Math.max(0, (outW - 1) * p.stride + p.k - p.w);
  return { outH, outW, top: Math.floor(padH / 2), left: Math.floor(padW / 2) };
}

export function poolLoss(p: PoolCase, x: Float64Array, r: Float64Array): number {
  const g = poolOut(p);
  let total = 0;
  for (let b = 0; b < p.n; b++)
    for (let i = 0; i < g.outH; i++)
      for (let j = 0; j < g.outW; j++)
        for (let ch = 0; ch < p.c; ch++) {
          let acc = p.type === 'max' ? -Infinity : 0;
          let count = 0;
          for (let a = 0; a < p.k; a++)
            for (let e = 0; e < p.k; e++) {
              const y = i * p.stride + a - g.top;
              const z = j * p.stride + e - g.left;
              if (y < 0 || y >= p.h || z < 0 || z >= p.w) continue;
              const v = x[((b * p.h + y) * p.w + z) * p.c + ch] as number;
              acc = p.type === 'max' ? Math.max(acc, v) : acc + v;
              count++;
            }
          const out = p.type === 'max' ? acc : acc / count;
          total += out * (r[((b * g.outH + i) * g.outW + j) * p.c + ch] as number);
        }
  return total;
}

/** Distinct values 0.01 apart in a seeded order, so no max changes under a 1e-3 perturbation. */
export function distinctValues(length: number, seed: number): Float64Array {
  const out = Float64Array.from({ length }, (_, i) => (i - length / 2) * 0.01);
  let s = seed >>> 0;
  for (let i = length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}
