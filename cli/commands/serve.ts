// `memnas serve`: runs the device coordinator until SIGINT or SIGTERM. The fleet token comes from
// MEMNAS_TOKEN or is generated once and kept beside the database (devices/fleet-token.ts); the
// start-up lines say where, with the URLs agents on this network can use, and the agent page's
// address with a fresh join code, also as a QR code for a phone to scan (unless --json).
import { networkInterfaces } from 'node:os';
import { agentInstallLines } from '../../app/serve/agent-install.ts';
import { agentPageUrls, terminalQr } from '../../app/serve/agent-page.ts';
import { type ServeConfig, type Serving, serve } from '../../app/serve/serve.ts';
import type { TlsChoice } from '../../app/serve/tls.ts';
import type { TlsMaterial } from '../../devices/tls/self-signed.ts';
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

/** --tls, or --cert PATH --key PATH (which imply it), or plain http. */
function tlsChoice(values: { tls?: boolean; cert?: string; key?: string }): TlsChoice {
  const { cert, key } = values;
  if (cert === undefined && key === undefined) return { kind: values.tls === true ? 'self-signed' : 'none' };
  if (cert === undefined || key === undefined)
    throw new MemnasError(
      'USAGE',
      `${cert === undefined ? '--key' : '--cert'} needs ${cert === undefined ? '--cert' : '--key'} too`,
    );
  if (cert.trim() === '' || key.trim() === '')
    throw new MemnasError('USAGE', '--cert and --key take file paths');
  return { kind: 'files', certPath: cert, keyPath: key };
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
    tls: tlsChoice(values),
    json: values.json === true,
    log: values.quiet
      ? () => {}
      : (line: string) =>
          // Under --json stdout carries the one JSON line only; the log goes to stderr.
          (values.json ? console.error : console.log)(`${new Date().toISOString().slice(11, 19)} ${line}`),
  });
}

function printStart(c: ServeConfig, { coordinator, fleet }: Serving): void {
  const scheme = new URL(coordinator.url).protocol;
  const lan =
    coordinator.config.host === '0.0.0.0'
      ? lanAddresses().map((a) => `${scheme}//${a}:${coordinator.port}`)
      : [];
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
    scheme: scheme === 'https:' ? 'https' : 'http',
    token: shown,
  }))
    console.log(line);
  for (const path of c.serial) {
    console.log(
      `serial line ${path} (${c.baudRate} baud): on the device run memnas-agent serial <its port> --token-file PATH [--name NAME]`,
    );
  }
}

function tlsLine(tls: TlsMaterial): string {
  const until = tls.notAfter.toISOString().slice(0, 10);
  const where =
    tls.source === 'files'
      ? `${tls.certPath} (--cert)`
      : tls.source === 'ephemeral'
        ? 'self-signed, for this in-memory database only'
        : `self-signed, ${tls.source === 'reused' ? 'kept in' : 'made into'} ${tls.certPath}${tls.reason === undefined ? '' : ` (the old one was replaced: ${tls.reason})`}`;
  return `https certificate: ${where}, valid until ${until}, SHA-256 ${tls.fingerprint256}`;
}

/** The agent page for phones: its address with the start-up join code, and that as a QR code. */
async function printAgentPage(serving: Serving): Promise<void> {
  const urls = agentPageUrls(serving);
  const expires = new Date(serving.joinCode.expiresAt).toISOString().slice(11, 19);
  if (serving.tls !== undefined) console.log(tlsLine(serving.tls));
  console.log(`agent page for a phone (join code single-use, valid until ${expires} UTC):`);
  for (const url of urls) console.log(`  ${url}`);
  if (serving.tls === undefined)
    console.log(
      '  (plain http: at a LAN address the page is not cross-origin isolated and its timers are coarse; serve with --tls)',
    );
  else if (serving.tls.source !== 'files') {
    console.log('  (self-signed: the phone asks once to accept the certificate; compare the SHA-256 above)');
    if (serving.tls.certPath !== undefined)
      console.log(
        `  (Node agents over https: NODE_EXTRA_CA_CERTS=${serving.tls.certPath} makes them trust it)`,
      );
  }
  console.log(await terminalQr(urls[0]!));
  console.log(
    `more join codes: POST ${serving.coordinator.url}/api/v1/join-codes with the fleet token (or restart memnas serve)`,
  );
}

/** The start-up facts as one JSON line (--json): what scripts need, the join code included. */
function printStartJson(c: ServeConfig, serving: Serving): void {
  const { coordinator, fleet, tls, joinCode } = serving;
  const facts = {
    url: coordinator.url,
    port: coordinator.port,
    database: c.dbPath,
    token: { source: fleet.source, ...(fleet.path === undefined ? {} : { path: fleet.path }) },
    tls:
      tls === undefined
        ? null
        : {
            source: tls.source,
            ...(tls.certPath === undefined ? {} : { certPath: tls.certPath }),
            fingerprint256: tls.fingerprint256,
            notAfter: tls.notAfter.toISOString(),
          },
    agentPage: {
      urls: agentPageUrls(serving),
      joinCode: joinCode.code,
      expiresAt: new Date(joinCode.expiresAt).toISOString(),
    },
    serial: c.serial,
  };
  console.log(JSON.stringify(facts));
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
  if (c.json) printStartJson(c, serving);
  else {
    printStart(c, serving);
    await printAgentPage(serving);
  }
  await untilSignal();
  await serving.close();
  return 0;
}
