// `memnas profile` flags, declared once: they drive parsing and `--help`.
import { DEFAULT_JOB } from '../../profiler-agent/defaults.ts';
import type { CommandSpec } from '../flags.ts';
import { COORDINATOR_FLAGS } from './coordinator-flags.ts';

export const profileSpec = {
  name: 'profile',
  summary:
    'measure an ONNX model on a device: load time, latency p50/p90/p99, peak memory per batch with a fixed + per-sample fit',
  operands: '<model.onnx>',
  flags: {
    device: {
      type: 'string',
      value: 'NAME|tag:TAG|local',
      default: 'local',
      help: 'where to measure: this machine, or a device (or any device with a tag) behind --coordinator',
    },
    batches: {
      type: 'string',
      value: 'LIST',
      default: DEFAULT_JOB.batches.join(','),
      help: 'batch sizes to measure, comma-separated',
    },
    runs: { type: 'string', value: 'N', default: String(DEFAULT_JOB.runs), help: 'timed runs per batch' },
    warmup: {
      type: 'string',
      value: 'N',
      default: String(DEFAULT_JOB.warmup),
      help: 'untimed runs before timing',
    },
    ...COORDINATOR_FLAGS,
    json: { type: 'boolean', help: 'print the measurement as JSON' },
  },
  example: 'memnas profile best.onnx --device local --batches 1,8',
} as const satisfies CommandSpec;
