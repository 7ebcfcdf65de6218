// `memnas estimate` flags, declared once: they drive parsing and `--help`.
import type { CommandSpec } from '../flags.ts';

export const estimateSpec = {
  name: 'estimate',
  summary:
    'analytic memory of an architecture JSON or any ONNX file (parameters, peak activations, best order)',
  operands: '<file.onnx|arch.json>',
  flags: {
    batch: { type: 'string', value: 'N', default: '1', help: 'batch size the activations are sized for' },
    device: {
      type: 'string',
      value: 'NAME|local',
      help: "add the device's calibrated peak memory and latency predictions (from `memnas calibrate`)",
    },
    'order-budget': {
      type: 'string',
      value: 'STATES',
      default: 'the analysis default',
      help: 'most search states spent looking for the execution order with the lowest peak',
    },
    json: { type: 'boolean', help: 'print the report as JSON' },
  },
  env: [{ name: 'MEMNAS_HOME', help: 'where --device calibrations are read from (default ~/.memnas)' }],
  example: 'memnas estimate runs/fm-300k/best.json --batch 8',
} as const satisfies CommandSpec;
