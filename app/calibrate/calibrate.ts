// Calibrating a device from a frozen config: open the target (a named device must be online),
// profile the generated models, fit and store the record. cli/commands/calibrate.ts parses the
// flags and prints.
import type { Measured } from './passes.ts';
import { openProgress } from './progress.ts';
import { calibrationProfile, runCalibration } from './run-calibration.ts';
import { type CalibrationRecord, saveCalibration } from './store.ts';
import { type CalibrationTarget, openTarget, type TargetOptions } from './target.ts';

export interface CalibrateConfig {
  readonly target: TargetOptions;
  readonly models: number;
  readonly seed: number;
}

export interface CalibrateIo {
  /**
   * Once the target is open, before anything is profiled; `resumed`: measurements an unfinished
   * earlier run of the same calibration took, which are not taken again.
   */
  readonly onStart: (target: CalibrationTarget, resumed: number) => void;
  /** After each measurement (every model is measured once per pass). */
  readonly onMeasured: (m: Measured) => void;
}

export interface CalibrateOutcome {
  readonly record: CalibrationRecord;
  /** Where the record was stored. */
  readonly path: string;
  /** Wall-clock seconds from the target's opening to the record's storing. */
  readonly seconds: number;
}

export async function calibrateDevice(c: CalibrateConfig, io: CalibrateIo): Promise<CalibrateOutcome> {
  const target = await openTarget(c.target);
  const started = Date.now();
  const request = calibrationProfile(target.runtime, target.emulated === true);
  const progress = openProgress(target.name, target.description, c.seed, request);
  io.onStart(target, progress.resumable);
  const record = await runCalibration(target, {
    models: c.models,
    seed: c.seed,
    onMeasured: io.onMeasured,
    progress,
  });
  const path = saveCalibration(record);
  progress.finish();
  return { record, path, seconds: (Date.now() - started) / 1000 };
}
