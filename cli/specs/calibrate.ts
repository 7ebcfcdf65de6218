// `memnas calibrate` flags, declared once: they drive parsing and `--help`.
import { DEFAULT_CALIBRATION_MODELS, MAX_CALIBRATION_MODELS } from '../../search/calibration/generate.ts';
import type { CommandSpec } from '../flags.ts';
import { COORDINATOR_FLAGS } from './coordinator-flags.ts';

/** Fewest calibration models: a quarter is held out to measure the error. */
export const MIN_CALIBRATION_MODELS = 4;

export const calibrateSpec = {
  name: 'calibrate',
  summary:
    "fit a device's memory and latency model from generated models profiled on it; prints its held-out error",
  operands: '',
  flags: {
    device: {
      type: 'string',
      value: 'NAME|local',
      help: "the device to calibrate (required); 'local' is this machine",
    },
    models: {
      type: 'string',
      value: 'N',
      default: String(DEFAULT_CALIBRATION_MODELS),
      help: `generated models to profile, ${MIN_CALIBRATION_MODELS} to ${MAX_CALIBRATION_MODELS}; a quarter is held out`,
    },
    seed: { type: 'string', value: 'S', default: '1', help: 'seeds the generated models' },
    ...COORDINATOR_FLAGS,
    json: { type: 'boolean', help: 'print the result as JSON' },
  },
  env: [{ name: 'MEMNAS_HOME', help: 'where calibrations are stored (default ~/.memnas)' }],
  example: 'memnas calibrate --device local --models 40',
} as const satisfies CommandSpec;
