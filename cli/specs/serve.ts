// `memnas serve` flags, declared once: they drive parsing and `--help`.
import { DEFAULT_DB_PATH, DEFAULT_MAX_MODEL_BYTES, DEFAULT_PORT } from '../../devices/config.ts';
import type { CommandSpec } from '../flags.ts';

/** Defaults the command itself applies (the coordinator's own are in devices/config.ts). */
export const SERVE_DEFAULTS = { host: '0.0.0.0', heartbeatMs: 5_000, baud: 115_200 } as const;

export const serveSpec = {
  name: 'serve',
  summary:
    'run the device coordinator: registry, persisted job queue, results (token from MEMNAS_TOKEN or generated)',
  operands: '',
  flags: {
    port: {
      type: 'string',
      value: 'PORT',
      default: String(DEFAULT_PORT),
      help: 'TCP port; 0 picks a free one',
    },
    host: { type: 'string', value: 'ADDR', default: SERVE_DEFAULTS.host, help: 'interface to listen on' },
    db: {
      type: 'string',
      value: 'PATH',
      default: DEFAULT_DB_PATH,
      help: "the coordinator's SQLite database",
    },
    'max-model-bytes': {
      type: 'string',
      value: 'SIZE',
      default: `${DEFAULT_MAX_MODEL_BYTES / 1024 ** 2}MiB`,
      help: 'largest model accepted for profiling',
    },
    'heartbeat-ms': {
      type: 'string',
      value: 'MS',
      default: String(SERVE_DEFAULTS.heartbeatMs),
      help: 'how often agents report in',
    },
    retain: {
      type: 'string',
      value: '30d|12h',
      default: 'keep everything',
      help: 'how long finished jobs and unused models are kept',
    },
    serial: {
      type: 'string',
      multiple: true,
      value: '/dev/ttyY',
      help: 'also serve an agent over this serial line',
    },
    baud: { type: 'string', value: 'N', default: String(SERVE_DEFAULTS.baud), help: 'serial line speed' },
    quiet: { type: 'boolean', help: 'no request log' },
    tls: {
      type: 'boolean',
      help: 'serve https with a self-signed certificate kept beside the database (phones need https for fine timers)',
    },
    cert: { type: 'string', value: 'PATH', help: 'serve https with this PEM certificate (with --key)' },
    key: { type: 'string', value: 'PATH', help: 'the PEM private key of --cert' },
    json: {
      type: 'boolean',
      help: 'print the start-up facts as one JSON line (no QR code)',
    },
  },
  env: [
    {
      name: 'MEMNAS_TOKEN',
      help: 'the fleet token; without it one is generated and kept beside the database',
    },
  ],
  example: 'memnas serve --port 7117 --db ./fleet.db --tls',
} as const satisfies CommandSpec;
