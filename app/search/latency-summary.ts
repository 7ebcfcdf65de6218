// summary.json's run-level latency figures: the budget and weight, which predictor stood in
// before measurements, how many trained candidates the device then measured over the budget, and
// whether any met it — with the fastest measured when none did.
import type { StopReason } from '../../search/loop/events.ts';
import { latencyOf } from '../../search/loop/select.ts';
import type { CandidateRecord } from '../../search/loop/types.ts';
import { DEFAULTS } from './config.ts';
import type { RunConfig } from './run-config.ts';

export interface LatencyHeader {
  /** --latency-budget, milliseconds; null without one. */
  readonly latencyBudgetMs: number | null;
  readonly latencyWeight: number | null;
  /** 'calibration' or 'line' (search/loop/latency-oracle.ts); null without a device. */
  readonly latencyPredictor: string | null;
  /** Trained, then measured over the latency budget; null without a budget. */
  readonly overLatencyAfterMeasure: number | null;
  /** Whether the result meets the latency budget; null without a budget. */
  readonly latencyBudgetMet: boolean | null;
  /** The fastest trained candidate the device measured (with a budget), its id and p50. */
  readonly fastestMeasured: { readonly id: number; readonly latencyMs: number } | null;
}

/** The trained candidate with the lowest measured p50, or null when none was measured. */
export function fastestMeasured(candidates: readonly CandidateRecord[]): CandidateRecord | null {
  const measured = candidates.filter((c) => c.status === 'trained' && c.latency?.source === 'measured');
  if (measured.length === 0) return null;
  return measured.reduce((a, b) => (latencyOf(b)! < latencyOf(a)! ? b : a));
}

export function latencyHeader(
  config: RunConfig,
  candidates: readonly CandidateRecord[],
  stopReason: StopReason,
  predictor: string | null,
): LatencyHeader {
  const budget = config.latencyBudgetMs;
  const fastest = fastestMeasured(candidates);
  const measured = candidates.filter((c) => c.status === 'trained' && c.latency?.source === 'measured');
  return {
    latencyBudgetMs: budget ?? null,
    latencyWeight: budget === undefined ? null : (config.latencyWeight ?? DEFAULTS.latencyWeight),
    latencyPredictor: predictor,
    overLatencyAfterMeasure:
      budget === undefined ? null : measured.filter((c) => latencyOf(c)! > budget).length,
    latencyBudgetMet: budget === undefined ? null : stopReason !== 'latency-unmet',
    fastestMeasured:
      budget === undefined || fastest === null ? null : { id: fastest.id, latencyMs: latencyOf(fastest)! },
  };
}

/** The one line a run whose latency budget no candidate met ends with. */
export function latencyUnmetLine(summary: Record<string, unknown>, dir: string): string {
  const fastest = summary.fastestMeasured as LatencyHeader['fastestMeasured'];
  const budget = summary.latencyBudgetMs as number;
  const what =
    fastest === null
      ? 'no candidate was measured'
      : `the fastest measured was candidate ${fastest.id} at ${fastest.latencyMs.toFixed(3)} ms p50`;
  return `no candidate meets the ${budget} ms latency budget on device '${String(summary.device)}': ${what}; it is kept as the result and everything trained is in ${dir} (raise --latency-budget in a new search)`;
}
