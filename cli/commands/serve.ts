// `memnas serve`: runs the device coordinator until SIGINT or SIGTERM. The fleet token comes from
// MEMNAS_TOKEN or is generated once and kept beside the database (devices/fleet-token.ts); the
// start-up lines say where, with the URLs agents on this network can use.
import { networkInterfaces } from 'node:os';
import { agentInstallLines } from '../../app/serve/agent-install.ts';
import { type ServeConfig, type Serving, serve } from '../../app/serve/serve.ts';
import { DEFAULT_DB_PATH, DEFAULT_MAX_MODEL_BYTES, DEFAULT_PORT } from '../../devices/config.ts';
import type { FleetToken } from '../../devices/fleet-token.ts';
import { MemnasError } from '../../search/errors.ts';
import { byteSize, parseFlags, positiveInt } from '../args.ts';
import { synopsis } from '../flags.ts';
import { SERVE_DEFAULTS, serveSpec } from '../specs/serve.ts';

export const USAGE = synopsis(serveSpec);

/** Addresses of this machine other devices can reach (IPv4, not loopback). */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

function port(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new MemnasError('USAGE', `--port takes a port number 0–65535, got '${value}'`);
  return n;
}

const UNIT_MS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000 };

/** `--retain 30d` or `12h`: how long finished jobs and unused models are kept. */
function retention(value: string): number {
  const m = /^(\d{1,5})(d|h)$/.exec(value.trim());
  if (m === null || Number(m[1]) === 0)
    throw new MemnasError('USAGE', `--retain takes a duration like 30d or 12h, got '${value}'`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

function tokenLine(fleet: FleetToken): string {
  switch (fleet.source) {
    case 'env':
      return 'token: from MEMNAS_TOKEN';
    case 'generated':
      return `token: ${fleet.token}   (generated and kept in ${fleet.path}, mode 0600; set MEMNAS_TOKEN to choose one)`;
    case 'reused':
      return `token: the one kept in ${fleet.path}`;
    case 'ephemeral':
      return `token: ${fleet.token}   (generated for this in-memory database only)`;
  }
}

export function parseServeConfig(argv: readonly string[]): ServeConfig {
  const { values, positionals } = parseFlags(argv, serveSpec);
  if (positionals.length > 0)
    throw new MemnasError('USAGE', `unexpected argument '${positionals[0]}' (usage: ${USAGE})`);
  const dbPath = values.db ?? DEFAULT_DB_PATH;
  return Object.freeze({
    port: port(values.port),
    host: values.host ?? SERVE_DEFAULTS.host,
    dbPath,
    envToken: process.env.MEMNAS_TOKEN,
    maxModelBytes:
      values['max-model-bytes'] === undefined
        ? DEFAULT_MAX_MODEL_BYTES
        : byteSize(values['max-model-bytes'], '--max-model-bytes'),
    heartbeatMs: positiveInt(values['heartbeat-ms'], '--heartbeat-ms', SERVE_DEFAULTS.heartbeatMs),
    retainMs: values.retain === undefined ? undefined : retention(values.retain),
    serial: values.serial ?? [],
    baudRate: positiveInt(values.baud, '--baud', SERVE_DEFAULTS.baud),
    log: values.quiet
      ? () => {}
      : (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
  });
}

function printStart(c: ServeConfig, { coordinator, fleet }: Serving): void {
  const lan =
    coordinator.config.host === '0.0.0.0' ? lanAddresses().map((a) => `http://${a}:${coordinator.port}`) : [];
  console.log(
    `memnas coordinator listening on ${coordinator.url}${lan.length > 0 ? ` (also ${lan.join(', ')})` : ''}`,
  );
  console.log(`database: ${c.dbPath}`);
  console.log(tokenLine(fleet));
  // The token goes into the join command only where the line above already shows it.
  const shown = fleet.source === 'generated' || fleet.source === 'ephemeral' ? fleet.token : undefined;
  for (const line of agentInstallLines({
    host: coordinator.config.host,
    port: coordinator.port,
    token: shown,
  }))
    console.log(line);
  for (const path of c.serial) {
    console.log(
      `serial line ${path} (${c.baudRate} baud): on the device run MEMNAS_TOKEN=<token> memnas agent --serial <its port> [--name NAME]`,
    );
  }
}

/** Resolves on the first SIGINT or SIGTERM, after saying which. */
function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      console.log(`${signal}: shutting down`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runServe(argv: readonly string[]): Promise<number> {
  const c = parseServeConfig(argv);
  const serving = await serve(c);
  printStart(c, serving);
  await untilSignal();
  await serving.close();
  return 0;
}
