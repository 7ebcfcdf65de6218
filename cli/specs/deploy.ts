// `memnas deploy` flags, declared once: they drive parsing and `--help`.
import type { CommandSpec } from '../flags.ts';
import { COORDINATOR_FLAGS } from './coordinator-flags.ts';

export const deploySpec = {
  name: 'deploy',
  summary:
    "run a search's winning model on a device: whole test set on-device vs host accuracy, peak memory, latency, and a deploy bundle",
  operands: '<run DIR>',
  flags: {
    device: {
      type: 'string',
      value: 'NAME|tag:TAG|local',
      default: 'local',
      help: 'where to run: this machine, or a device behind the coordinator',
    },
    out: {
      type: 'string',
      value: 'BUNDLE_DIR',
      default: 'RUN/deploy-DEVICE',
      help: 'the deploy bundle folder to write',
    },
    ...COORDINATOR_FLAGS,
    json: { type: 'boolean', help: 'print the result as JSON' },
  },
  example: 'memnas deploy runs/fm-300k --device local',
} as const satisfies CommandSpec;
