// Starts and stops a coordinator: the SQLite store, the services, the express app on an HTTP
// server, and the timer that ends the leases of silent devices. On start, jobs that were
// running when the last coordinator stopped get a fresh lease so their agents can reconnect
// and report; those that do not are re-dispatched when it ends.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemnasError } from '../search/errors.ts';
import { createApp } from './app.ts';
import { type CoordinatorConfig, type CoordinatorOptions, parseCoordinatorConfig } from './config.ts';
import { SqliteJobStore } from './db/sqlite-store.ts';
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

export async function startCoordinator(options: CoordinatorOptions): Promise<Coordinator> {
  const config = parseCoordinatorConfig(options);
  const store = SqliteJobStore.open(config.dbPath);
  const agents = new AgentService(store, config);
  const jobs = new JobService(store, config);
  const renewed = store.renewRunningLeases(Date.now(), config.leaseMs);
  if (renewed > 0)
    config.log(
      `${renewed} job(s) were running when the coordinator last stopped; their agents have ${config.leaseMs} ms to report back`,
    );

  const server = createServer(createApp({ config, agents, jobs }));
  try {
    await listen(server, config.port, config.host);
  } catch (e) {
    store.close();
    throw e;
  }
  const sweeper = setInterval(() => {
    try {
      agents.sweep();
    } catch (e) {
      config.log(`lease check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, config.sweepMs);

  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    config,
    agents,
    jobs,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        await shutdown(server, 2_000);
        store.close();
      })();
      return closing;
    },
  };
}
