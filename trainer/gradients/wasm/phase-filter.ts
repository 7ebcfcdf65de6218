// The sub-pixel ("phase") form of a strided convolution's input gradient. Input rows h = q·s + r
// with the same phase r receive gradient from every s-th filter tap only, so the input gradient is
// s² small stride-1 convolutions of the output gradient — stacked here as one convolution with
// s²·Ci output channels, which DepthToSpace interleaves back. Compared with zero-stuffing it
// skips the multiplications by the stuffed zeros (for 3×3 stride 2: 16 taps instead of 36).

/** Per spatial axis: taps of the combined filter and how the output gradient is offset. */
export interface PhaseAxis {
  /** Taps T of the combined filter along this axis. */
  readonly taps: number;
  /** Row of the output gradient read by combined tap 0 for phase output q = 0 (may be < 0). */
  readonly base: number;
  /** For phase r and combined tap u: the original filter tap, or −1 where none applies. */
  readonly tapOf: (r: number, u: number) => number;
}

export function phaseAxis(k: number, s: number, pad: number): PhaseAxis {
  const phases = Array.from({ length: s }, (_, r) => {
    const a0 = (r + pad) % s;
    const count = a0 < k ? Math.ceil((k - a0) / s) : 0;
    return { a0, c: Math.floor((r + pad) / s), count };
  });
  const used = phases.filter((p) => p.count > 0);
  const base = Math.min(...used.map((p) => p.c - p.count + 1));
  const taps = Math.max(...used.map((p) => p.c - base)) + 1;
  const tapOf = (r: number, u: number): number => {
    const p = phases[r];
    if (p === undefined) return -1;
    const t = p.c - base - u;
    return t >= 0 && t < p.count ? p.a0 + t * s : -1;
  };
  return { taps, base, tapOf };
}

/**
 * The combined filter [Th, Tw, Co, s·s·Ci] from a filter [kh, kw, Ci, Co], with output channel
 * (rh·s + rw)·Ci + ci, the order DepthToSpace (NHWC) expects.
 */
export function phaseFilter(
  w: Float32Array,
  shape: readonly number[],
  s: number,
  rows: PhaseAxis,
  cols: PhaseAxis,
): Float32Array {
  const [, kw, ci, co] = shape as [number, number, number, number];
  const outC = s * s * ci;
  const out = new Float32Array(rows.taps * cols.taps * co * outC);
  for (let rh = 0; rh < s; rh++)
    for (let uh = 0; uh < rows.taps; uh++) {
      const a = rows.tapOf(rh, uh);
      if (a < 0) continue;
      for (let rw = 0; rw < s; rw++)
        for (let uw = 0; uw < cols.taps; uw++) {
          const b = cols.tapOf(rw, uw);
          if (b < 0) continue;
          for (let i = 0; i < ci; i++)
            for (let o = 0; o < co; o++) {
              const src = ((a * kw + b) * ci + i) * co + o;
              const dst = ((uh * cols.taps + uw) * co + o) * outC + (rh * s + rw) * ci + i;
              out[dst] = w[src] as number;
            }
        }
    }
  return out;
}
