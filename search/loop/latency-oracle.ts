// Where the loop's latency figures come from (`--latency-budget`): a predictor for candidates not
// yet measured, and the device's measurement of a trained candidate, which replaces the
// prediction — the same split as memory's oracle. The predictor is a seam: the device's
// calibration fit and the line through the measurements so far (latency-line.ts) are the two
// today; a kernel-class predictor implements the same contract.
import type { Architecture } from '../architecture/types.ts';

export interface LatencyPredictor {
  /** Recorded in summary.json as latencyPredictor, e.g. 'calibration' or 'line'. */
  readonly name: string;
  /** Predicted batch-1 p50 on the device, milliseconds; null when it has nothing to go on yet. */
  predict(arch: Architecture): number | null;
  /** A p50 the device measured for `arch`: predictors that learn during the search refit on it. */
  observe(arch: Architecture, ms: number): void;
  /**
   * Work a prediction of `arch` needs that cannot be done synchronously (asking the device's
   * runtime for the graph it runs): the loop awaits it before `predict`. Absent: none.
   */
  prepare?(arch: Architecture): Promise<void>;
}

export interface LatencyOracle {
  /** The predictor's name. */
  readonly predictor: string;
  /** The measured p50 of a network of this structure when one was measured, else the prediction. */
  predict(arch: Architecture): number | null;
  /** The p50 the device measured for a network of this structure; null when none was. */
  measured(arch: Architecture): number | null;
  /** The predictor's `prepare`, when it has one. */
  prepare?(arch: Architecture): Promise<void>;
}
