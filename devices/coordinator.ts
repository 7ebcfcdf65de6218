// Starts and stops a coordinator: the SQLite store, the services, the express app on an HTTP
// server (HTTPS when the config carries a certificate and key), and the timer that ends the leases of silent devices. On start, jobs that were
// running when the last coordinator stopped get a fresh lease so their agents can reconnect
// and report; those that do not are re-dispatched when it ends.
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { MemnasError } from '../search/errors.ts';
import { createApp } from './app.ts';
import { type CoordinatorConfig, type CoordinatorOptions, parseCoordinatorConfig } from './config.ts';
import { DatabaseWatch } from './db/database-watch.ts';
import { SqliteJobStore } from './db/sqlite-store.ts';
import { JoinCodes } from './join/join-codes.ts';
import { AgentGate } from './service/agent-gate.ts';
import { AgentService } from './service/agent-service.ts';
import { JobService } from './service/job-service.ts';

export interface Coordinator {
  /** Where this machine reaches it, e.g. http://127.0.0.1:7117. */
  readonly url: string;
  readonly port: number;
  readonly config: CoordinatorConfig;
  /** The transport-independent services, for other transports (serial) and tests. */
  readonly agents: AgentService;
  readonly jobs: JobService;
  /** Who may send which agent message (HTTP and serial alike). */
  readonly gate: AgentGate;
  /** The join codes phones trade for a device credential (`memnas serve` mints one at start). */
  readonly joinCodes: JoinCodes;
  /** Stops accepting requests, lets running ones finish (2 s at most) and closes the database. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      const why = e.code === 'EADDRINUSE' ? `port ${port} is in use (choose another with --port)` : e.message;
      reject(
        new MemnasError('USAGE', `the coordinator cannot listen on ${host}:${port}: ${why}`, { cause: e }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function shutdown(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** How often old jobs are pruned under --retain. */
const PRUNE_EVERY_MS = 3_600_000;

/** Prunes now and hourly when a retention is set; says at start what is kept either way. */
function startRetention(store: SqliteJobStore, config: CoordinatorConfig): NodeJS.Timeout | undefined {
  const retainMs = config.retainMs;
  if (retainMs === undefined) {
    config.log('keeping every finished job and model (memnas serve --retain 30d prunes older ones)');
    return undefined;
  }
  const prune = (): void => {
    try {
      const { jobs, models } = store.prune(Date.now() - retainMs);
      if (jobs + models > 0)
        config.log(`pruned ${jobs} finished job(s) and ${models} unused model(s) past the retention`);
    } catch (e) {
      config.log(`pruning failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  config.log(`keeping finished jobs and unused models for ${Math.round(retainMs / 3_600_000)} h (--retain)`);
  prune();
  return setInterval(prune, Math.min(PRUNE_EVERY_MS, retainMs)).unref();
}

/**
 * Every sweepMs, ends the leases of silent devices, unless the database is not healthy (then it
 * says why once, until it is healthy again).
 */
function startSweeper(watch: DatabaseWatch, agents: AgentService, config: CoordinatorConfig): NodeJS.Timeout {
  let unhealthy = false;
  return setInterval(() => {
    try {
      const state = watch.state();
      if (state !== 'ok') {
        if (!unhealthy) config.log(watch.describe(state));
        unhealthy = true;
        return;
      }
      unhealthy = false;
      agents.sweep();
    } catch (e) {
      config.log(`lease check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, config.sweepMs);
}

export async function startCoordinator(options: CoordinatorOptions): Promise<Coordinator> {
  const config = parseCoordinatorConfig(options);
  const store = SqliteJobStore.open(config.dbPath);
  const agents = new AgentService(store, config);
  const jobs = new JobService(store, config);
  const gate = new AgentGate(agents, store, config);
  const watch = new DatabaseWatch(config.dbPath);
  const renewed = store.renewRunningLeases(Date.now(), config.leaseMs);
  if (renewed > 0)
    config.log(
      `${renewed} job(s) were running when the coordinator last stopped; their agents have ${config.leaseMs} ms to report back`,
    );

  const retention = startRetention(store, config);
  const joinCodes = new JoinCodes(config.joinCodeTtlMs);
  const app = createApp({ config, gate, jobs, watch, joinCodes });
  // How often Node checks requests against requestTimeout; it must be well under the limit.
  const serverOptions = {
    connectionsCheckingInterval: Math.min(30_000, Math.ceil(config.requestTimeoutMs / 4)),
  };
  const server: Server =
    config.tls === undefined
      ? createServer(serverOptions, app)
      : createHttpsServer({ ...serverOptions, cert: config.tls.cert, key: config.tls.key }, app);
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = Math.min(60_000, config.requestTimeoutMs);
  try {
    await listen(server, config.port, config.host);
  } catch (e) {
    clearInterval(retention);
    store.close();
    throw e;
  }
  const sweeper = startSweeper(watch, agents, config);

  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `${config.tls === undefined ? 'http' : 'https'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    config,
    agents,
    jobs,
    gate,
    joinCodes,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        clearInterval(retention);
        await shutdown(server, 2_000);
        store.close();
      })();
      return closing;
    },
  };
}
