// `memnas worker` flags, declared once: they drive parsing and `--help`.
import type { CommandSpec } from '../flags.ts';

export const workerSpec = {
  name: 'worker',
  summary: 'train search candidates from a Redis queue (BullMQ) for any `memnas search --queue` using it',
  operands: '',
  flags: {
    redis: {
      type: 'string',
      value: 'redis://[:PASSWORD@]HOST:6379',
      env: 'MEMNAS_REDIS',
      help: 'the Redis the searches queue their candidates in (required)',
    },
    concurrency: {
      type: 'string',
      value: 'N',
      default: '1',
      help: 'jobs trained at once, each in its own process (one per core is right)',
    },
    name: {
      type: 'string',
      value: 'W',
      default: 'HOST-PID',
      help: "this worker's name in its lines and the search's results",
    },
  },
  env: [
    {
      name: 'MEMNAS_HOME',
      help: 'dataset blobs are unpacked under $MEMNAS_HOME/queue-datasets (default ~/.memnas)',
    },
    {
      name: 'MEMNAS_QUEUE_LOCK_MS',
      help: "a job's lock in ms (default 30000): a worker silent that long has its job rerun elsewhere",
    },
  ],
  example: 'memnas worker --redis redis://:secret@10.0.0.5:6379 --concurrency 2 --name big-box',
} as const satisfies CommandSpec;
