// The method's metric (METHOD.md §4): accuracy gain against parameter- and feature-map-memory
// savings, all relative to the parent, weighted by λ; the 0.3/0.7 split is the authors' code's.

export interface MetricInputs {
  /** Accuracy in [0, 1]. */
  readonly accuracy: number;
  /** Parameter memory, bytes. */
  readonly paramBytes: number;
  /** Peak feature-map memory, bytes. */
  readonly activationBytes: number;
  /**
   * Batch-1 p50 latency on the device, milliseconds (measured, else predicted); absent when no
   * device gave one. Only objectives given a latency term (ObjectiveContext.latency) read it.
   */
  readonly latencyMs?: number;
}

export const PARAM_SHARE = 0.3;
export const ACTIVATION_SHARE = 0.7;

/** M = λ·(A − Aₚ)/Aₚ + (1 − λ)·[0.3·(Pₚ − P)/Pₚ + 0.7·(Rₚ − R)/Rₚ]. Higher is better. */
export function memnasMetric(candidate: MetricInputs, parent: MetricInputs, lambda: number): number {
  const accuracy = (candidate.accuracy - parent.accuracy) / parent.accuracy;
  const params = (parent.paramBytes - candidate.paramBytes) / parent.paramBytes;
  const activations = (parent.activationBytes - candidate.activationBytes) / parent.activationBytes;
  return lambda * accuracy + (1 - lambda) * (PARAM_SHARE * params + ACTIVATION_SHARE * activations);
}
