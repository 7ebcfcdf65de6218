// A stored calibration as the store and its readers see it, for tests: the device fields a test
// cares about over a plain local-looking device, and the fit it gives.
import type { CalibrationRecord } from '../../../../app/calibrate/store.ts';
import { DEFAULT_SESSION_OPTIONS } from '../../../../profiler-agent/defaults.ts';
import { type CalibrationFit, CALIBRATION_VERSION } from '../../../../search/calibration/model.ts';

export function calibrationRecord(
  name: string,
  device: Partial<CalibrationRecord['device']>,
  fit: CalibrationFit,
  profile: CalibrationRecord['profile'] = { batches: [1], runs: 1, warmup: 0 },
): CalibrationRecord {
  return {
    version: CALIBRATION_VERSION,
    deviceName: name,
    device: {
      name,
      tags: [],
      cpuModel: 'test',
      cores: 1,
      memoryBytes: 1e9,
      os: 'linux',
      arch: 'x64',
      runtime: { name: 'ort-node', version: '1.30.0' },
      sessionOptions: DEFAULT_SESSION_OPTIONS,
      ...device,
    },
    profile,
    models: fit.points.length,
    seed: 1,
    heldOut: { heldOut: [], memory: {} as never, latency: {} as never },
    fit,
    createdAt: '',
    updatedAt: '',
  };
}
