// The latency estimator every agent reports as p50: the timed runs, in the order they ran, cut
// into consecutive blocks; each block's fastest run; the median of those minimums. Pure, so the
// browser bundle imports it too.
//
// Why this and not the runs' median (docs/benchmarks.md, "Profile repeatability", has the
// measurements): on a shared machine a run is slowed by whatever else gets the core during it
// (another process, the hypervisor), and such slow stretches come in bursts that cover a good
// part of a run's few hundred milliseconds of timing. The median of all runs then moves with how
// much of the measurement a burst covered. A block's minimum is a run the burst did not touch,
// and the median over blocks ignores a block that was slow throughout.
import { percentile } from './stats.ts';

/** The name results carry in latencyMs.estimator. */
export const BLOCK_ESTIMATOR = 'median-of-block-minimums';

/**
 * Blocks the timed runs are cut into. Five, so that two whole blocks (40% of the measurement)
 * can be slow without moving the median; with the default 50 runs each block holds 10, enough
 * for one of them to miss a burst of preemption.
 */
export const DEFAULT_LATENCY_BLOCKS = 5;

export interface BlockEstimate {
  /** The median of the blocks' minimums, milliseconds. */
  readonly value: number;
  /** How many consecutive runs each block holds, in run order (sizes differ by at most one). */
  readonly sizes: readonly number[];
  /** Each block's fastest run, milliseconds, in run order. */
  readonly minimaMs: readonly number[];
}

/**
 * Sizes of `blocks` consecutive blocks over `runs` runs, differing by at most one, the larger
 * ones first. Fewer runs than blocks gives one block per run (the estimate is then the median).
 */
export function blockSizes(runs: number, blocks = DEFAULT_LATENCY_BLOCKS): number[] {
  if (!Number.isInteger(runs) || runs < 1)
    throw new RangeError(`runs must be a whole number ≥ 1, got ${runs}`);
  if (!Number.isInteger(blocks) || blocks < 1)
    throw new RangeError(`blocks must be a whole number ≥ 1, got ${blocks}`);
  const count = Math.min(blocks, runs);
  const base = Math.floor(runs / count);
  const extra = runs % count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

/** The median of per-block minimums of `valuesMs` (in run order) over `blocks` blocks. */
export function medianOfBlockMinimums(
  valuesMs: readonly number[],
  blocks = DEFAULT_LATENCY_BLOCKS,
): BlockEstimate {
  const sizes = blockSizes(valuesMs.length, blocks);
  const minimaMs: number[] = [];
  let at = 0;
  for (const size of sizes) {
    minimaMs.push(Math.min(...valuesMs.slice(at, at + size)));
    at += size;
  }
  return { value: percentile(minimaMs, 50), sizes, minimaMs };
}
