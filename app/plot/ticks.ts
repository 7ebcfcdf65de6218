// Readable axis ticks: steps of 1, 2 or 5 × 10^k on bounds that are multiples of the step, so an
// axis reads 60, 65, 70 (%) or 0, 100, 200 (KB) and never 63.7 / 69.4. Pure; the plots use it.

export interface Ticks {
  /** The axis bounds: `lo` and `hi` rounded outwards to multiples of `step`. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** min, min + step, …, max. */
  readonly values: readonly number[];
}

const MANTISSAS = [1, 2, 5];

/** Decimals that print a multiple of `step` exactly: 0.05 → 2, 0.1 → 1, 5 → 0, 20000 → 0. */
export function stepDecimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** The next 1/2/5 × 10^k step above `step` (1 → 2 → 5 → 10 → 20 …). */
function nextStep(step: number): number {
  const p = 10 ** Math.floor(Math.log10(step) + 1e-9);
  const m = Math.round(step / p);
  return m === 1 ? 2 * p : m === 2 ? 5 * p : 10 * p;
}

/** The largest 1/2/5 × 10^k step at or below `raw`. */
function stepBelow(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = [...MANTISSAS].reverse().find((x) => x * p <= raw * (1 + 1e-9)) ?? 1;
  return m * p;
}

/**
 * Ticks for the data range [lo, hi]: the smallest 1/2/5 × 10^k step whose outward-rounded
 * bounds need at most `maxTicks` ticks (default 6). An empty range (lo = hi) is widened by 10%
 * of |lo| (or by 1 around 0) first. Throws RangeError on non-finite input or maxTicks < 2.
 */
export function niceTicks(lo: number, hi: number, maxTicks = 6): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(maxTicks >= 2))
    throw new RangeError(`niceTicks: bad range [${lo}, ${hi}] or maxTicks ${maxTicks}`);
  let a = Math.min(lo, hi);
  let b = Math.max(lo, hi);
  if (a === b) {
    const d = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= d;
    b += d;
  }
  for (let step = stepBelow((b - a) / (maxTicks - 1)); ; step = nextStep(step)) {
    const first = Math.floor(a / step + 1e-9);
    const last = Math.ceil(b / step - 1e-9);
    if (last - first + 1 > maxTicks) continue;
    const d = stepDecimals(step);
    const values = Array.from({ length: last - first + 1 }, (_, i) =>
      Number(((first + i) * step).toFixed(d)),
    );
    return { min: values[0]!, max: values[values.length - 1]!, step, values };
  }
}

/**
 * A tick's label after scaling (e.g. 100 for percent, 1e-3 for KB), with just the decimals the
 * scaled step needs: (0.65, step 0.05, ×100) → '65'; (2500, step 500, ×1e-3) → '2.5'.
 */
export function formatTick(value: number, step: number, scale = 1): string {
  const d = stepDecimals(Math.abs(step * scale));
  const text = (value * scale).toFixed(d);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
