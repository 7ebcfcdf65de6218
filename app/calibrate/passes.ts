// Measuring a set of models in passes: every model once, then every model again, until each has
// its measurements — so a model's fresh processes run minutes apart instead of back to back.
// Why: on this 2-vCPU machine slow phases outlast a process. A calibration network measured
// 0.182, 0.105, 0.105, 0.105 and 0.224 ms in five back-to-back processes, and in one calibration
// all three of its back-to-back processes ran 1.75× slow, so the lowest of the three carried the
// phase into the fit (the test set's share within ±10% fell from 88% to 50%). Spread over passes,
// a phase shorter than a pass reaches at most one of a model's measurements.
import type { ProfileResult } from '../../profiler-agent/protocol.ts';
import type { CalibrationTarget, ProfileRequest } from './target.ts';

export interface ModelToMeasure {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Measurements kept between runs (progress.ts): a killed calibration measures only the rest. */
export interface MeasurementStore {
  get(name: string, bytes: Uint8Array): readonly ProfileResult[] | undefined;
  put(name: string, bytes: Uint8Array, results: readonly ProfileResult[]): void;
}

/** One measurement taken: pass and model numbers count from 0. */
export interface Measured {
  readonly pass: number;
  readonly passes: number;
  readonly index: number;
  readonly total: number;
  readonly name: string;
  readonly result: ProfileResult;
}

export interface PassOptions {
  readonly passes: number;
  readonly store?: MeasurementStore;
  readonly onMeasured?: (m: Measured) => void;
}

/** Every model's `passes` measurements, in the models' order (kept ones are not taken again). */
export async function measureInPasses(
  target: Pick<CalibrationTarget, 'profile'>,
  models: readonly ModelToMeasure[],
  request: ProfileRequest,
  options: PassOptions,
): Promise<ProfileResult[][]> {
  const results = models.map((m) => (options.store?.get(m.name, m.bytes) ?? []).slice(0, options.passes));
  for (let pass = 0; pass < options.passes; pass++)
    for (const [index, m] of models.entries()) {
      const taken = results[index]!;
      if (taken.length > pass) continue;
      const result = await target.profile(m.bytes, request);
      taken.push(result);
      options.store?.put(m.name, m.bytes, taken);
      options.onMeasured?.({
        pass,
        passes: options.passes,
        index,
        total: models.length,
        name: m.name,
        result,
      });
    }
  return results;
}
