// How fine the page's clock is: the smallest positive step of performance.now() seen in a short
// busy loop. Browsers coarsen the clock (and add jitter) to blunt timing attacks: about 5 µs in
// a cross-origin isolated page, 100 µs otherwise (Chromium), 1 ms in some. A latency shorter
// than a few steps is mostly the clock's, so the page reports what it measured with.

/** How long the loop spins at most: long enough to see several steps of a 1 ms clock. */
export const TIMER_PROBE_MS = 25;

/**
 * The smallest positive difference between consecutive readings of `now` over `budgetMs` of
 * readings (at most `maxReadings` of them), in ms; the budget itself when the clock never moved
 * inside it (a clock that coarse is no finer than that).
 */
export function measureTimerResolution(
  now: () => number,
  budgetMs = TIMER_PROBE_MS,
  maxReadings = 2_000_000,
): number {
  const start = now();
  let last = start;
  let smallest = Infinity;
  for (let i = 0; i < maxReadings; i++) {
    const t = now();
    const step = t - last;
    if (step > 0 && step < smallest) smallest = step;
    last = t;
    if (t - start >= budgetMs) break;
  }
  return Number.isFinite(smallest) ? smallest : budgetMs;
}
