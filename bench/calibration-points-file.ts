// The JSON file bench/calibration-points.ts writes and `bench:calibration --points` reads: the
// points of one slice of the calibration or test set, measured in one run on one runtime.
import type { CalibrationPoint } from '../search/calibration/model.ts';

export interface PointsFile {
  readonly set: 'calibration' | 'test';
  /** Which measurement of the test set (1, 2, …): two rounds give the run-to-run noise. */
  readonly round: number;
  /** 'ort-node' or 'ort-web'. */
  readonly runtime: string;
  /** The agent's memory method ('wasm-heap', …): decides the memory fit's options. */
  method: string | null;
  readonly points: CalibrationPoint[];
}
