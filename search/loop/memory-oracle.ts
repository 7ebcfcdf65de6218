// Where the loop's memory figures come from: the analytic model, or a device (its prediction
// before training, its measurement of the trained, exported model after), and a device's latency
// beside it (latency-oracle.ts), measured in the same profile.
import type { Architecture } from '../architecture/types.ts';
import type { ArchitectureWeights } from '../architecture/weights.ts';
import type { LatencyOracle } from './latency-oracle.ts';
import type { MemoryFigures } from './types.ts';

export interface MemoryOracle {
  /** Figures used for the budget filter before training. */
  estimate(arch: Architecture): MemoryFigures;
  /** The device's measured peak of the trained model, bytes; absent for analytic-only runs. */
  measure?(arch: Architecture, weights: ArchitectureWeights): Promise<number>;
  /** A device's latency: predicted before training, and what `measure` measured. Absent: no latency. */
  readonly latency?: LatencyOracle;
}
