// The milliseconds type of `memnas search --latency-budget` ('2ms', '0.5ms', '1.5 ms', '2'): the
// time-budget parser reads seconds and up, a latency budget is a few milliseconds or less.
import { MemnasError } from '../../search/errors.ts';

const UNITS: Record<string, number> = { '': 1, ms: 1, us: 1e-3, µs: 1e-3, s: 1000 };

/** '2ms' → 2, '500us' → 0.5, '0.002s' → 2; a bare number is milliseconds. Above 0. */
export function parseMilliseconds(value: string, flag: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*(ms|us|µs|s)?\s*$/i.exec(value);
  const unit = UNITS[(m?.[2] ?? '').toLowerCase()];
  const ms = m === null || unit === undefined ? NaN : Number(m[1]) * unit;
  if (!(ms > 0) || !Number.isFinite(ms))
    throw new MemnasError(
      'USAGE',
      `${flag} takes a duration in milliseconds like 2ms, 0.5ms or 1.5ms, got '${value}'`,
    );
  return ms;
}
