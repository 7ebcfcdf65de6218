// A batch's latency figures from its timed runs: p50 by the block estimator
// (latency-estimator.ts, with its block layout), the runs' percentiles, mean and spread, and the
// CPU time per run beside the wall time where the agent can read it. Pure: both agents use it.
import type { LatencySummary } from '../protocol.ts';
import { BLOCK_ESTIMATOR, medianOfBlockMinimums } from './latency-estimator.ts';
import { mean, percentile, std } from './stats.ts';

/**
 * `firstMs` is the first inference after load, kept apart; `timedMs` the timed runs in run
 * order; `cpuTimesMs` (optional, same order) the CPU time of each of them.
 */
export function summarizeLatency(
  firstMs: number,
  timedMs: readonly number[],
  cpuTimesMs?: readonly number[],
): LatencySummary {
  const estimate = medianOfBlockMinimums(timedMs);
  const cpu =
    cpuTimesMs === undefined || cpuTimesMs.length === 0
      ? {}
      : { cpuP50: medianOfBlockMinimums(cpuTimesMs).value, cpuMean: mean(cpuTimesMs) };
  return {
    first: firstMs,
    p50: estimate.value,
    p90: percentile(timedMs, 90),
    p99: percentile(timedMs, 99),
    mean: mean(timedMs),
    std: std(timedMs),
    estimator: BLOCK_ESTIMATOR,
    blocks: [...estimate.sizes],
    blockMinimaMs: [...estimate.minimaMs],
    runsP50: percentile(timedMs, 50),
    ...cpu,
  };
}
