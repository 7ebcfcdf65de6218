// How summary.json states a candidate's latency: `latencyMs` with `latencySource` — 'measured'
// (the device's batch-1 p50 of the trained model), 'predicted' (before training; e.g. a candidate
// whose training failed) or 'not-measured' (no device, or a run stored before latency existed),
// where latencyMs is null.
import type { CandidateRecord } from '../../search/loop/types.ts';

export type LatencySource = 'measured' | 'predicted' | 'not-measured';

export interface LatencyFields {
  readonly latencyMs: number | null;
  readonly latencySource: LatencySource;
}

export function latencyFields(c: CandidateRecord): LatencyFields {
  return c.latency === undefined
    ? { latencyMs: null, latencySource: 'not-measured' }
    : { latencyMs: c.latency.ms, latencySource: c.latency.source };
}
