// The coordinator's configuration: parsed once (zod) from the options `startCoordinator` gets,
// with documented defaults, into a frozen object the service, the app and the server share.
import { z } from 'zod';
import { MemnasError } from '../search/errors.ts';
import { DEFAULT_JOIN_CODE_TTL_MS } from './join/join-codes.ts';
import { certPairProblem } from './tls/certificate-check.ts';

/** Port `memnas serve` listens on unless told otherwise ("7117" has no registered service). */
export const DEFAULT_PORT = 7117;
/** Database file `memnas serve` uses unless told otherwise, relative to the working directory. */
export const DEFAULT_DB_PATH = './memnas-coordinator.db';
/** Largest model the coordinator stores: 64 MiB. The networks memnas searches are KBs to MBs. */
export const DEFAULT_MAX_MODEL_BYTES = 64 * 1024 * 1024;

const schema = z.strictObject({
  /** TCP port; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
  /** Interface to listen on; all of them by default so devices on the network can reach it. */
  host: z.string().min(1).default('0.0.0.0'),
  /** SQLite file; ':memory:' for a throw-away coordinator. */
  dbPath: z.string().min(1).default(DEFAULT_DB_PATH),
  /** The shared secret every request but the agent page must present as a Bearer token. */
  token: z
    .string()
    .min(8, 'the token must be at least 8 characters')
    .regex(/^\S+$/, 'the token must not contain whitespace (a stray newline or space from copying it?)'),
  maxModelBytes: z.number().int().positive().default(DEFAULT_MAX_MODEL_BYTES),
  /** Largest JSON body (results carry their raw latencies): 16 MiB. */
  maxJsonBytes: z
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  /**
   * Longest a request may take to arrive, headers and body (a client that declares a body and
   * never sends it gets 408 then): 2 minutes, room for a 64 MiB model over a slow link.
   */
  requestTimeoutMs: z.number().int().positive().default(120_000),
  /** How often agents send a heartbeat; three missed ones mark a device offline and end its lease. */
  heartbeatMs: z.number().int().positive().default(5_000),
  /** How long an idle agent waits before polling again. */
  idleRetryMs: z.number().int().min(0).default(1_000),
  /** Dispatches of one job before it fails (an agent vanishing mid-job uses one). */
  maxAttempts: z.number().int().positive().default(3),
  /** Slack on top of a job's own limit (timeoutMs per batch size) before the coordinator gives up on it. */
  jobGraceMs: z.number().int().min(0).default(60_000),
  /**
   * Finished jobs (with their results) and models no job names are deleted once older than this;
   * absent: everything is kept (memnas serve --retain 30d).
   */
  retainMs: z.number().int().positive().optional(),
  /** How often leases and deadlines are checked; default: the heartbeat interval. */
  sweepMs: z.number().int().positive().optional(),
  /** How long a join code (what a phone's QR carries) lasts unless its minter says: 10 minutes. */
  joinCodeTtlMs: z.number().int().positive().default(DEFAULT_JOIN_CODE_TTL_MS),
  /** PEM certificate chain and private key: serve https instead of http (memnas serve --tls). */
  tls: z.object({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
});

export type CoordinatorOptions = z.input<typeof schema> & {
  /** Where the coordinator's one-line log goes; default: stderr. */
  readonly log?: (line: string) => void;
};

export interface CoordinatorConfig extends Readonly<
  Omit<z.output<typeof schema>, 'sweepMs' | 'retainMs' | 'tls'>
> {
  readonly retainMs?: number | undefined;
  readonly tls?: { readonly cert: string; readonly key: string } | undefined;
  readonly sweepMs: number;
  /** A device is offline, and its job's lease ends, after this long without a sign of life. */
  readonly leaseMs: number;
  readonly log: (line: string) => void;
}

export function parseCoordinatorConfig(options: CoordinatorOptions): CoordinatorConfig {
  const { log, ...rest } = options;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new MemnasError(
      'USAGE',
      `coordinator option ${field ? `'${field}' ` : ''}is invalid: ${issue.message}`,
    );
  }
  const c = parsed.data;
  const tlsProblem = c.tls === undefined ? null : certPairProblem(c.tls.cert, c.tls.key);
  if (tlsProblem !== null)
    throw new MemnasError('USAGE', `coordinator option 'tls' is invalid: ${tlsProblem}`);
  return Object.freeze({
    ...c,
    sweepMs: c.sweepMs ?? c.heartbeatMs,
    leaseMs: 3 * c.heartbeatMs,
    log: log ?? ((line: string) => process.stderr.write(`${line}\n`)),
  });
}
