// Real processes for the queue's tests: Debian's redis-server on a free 127.0.0.1 port (found by
// binding port 0 first; redis-server cannot pick one itself), and `memnas worker` processes
// whose stdout lines the tests wait on, each on a "host" of netns-hosts.ts (a network namespace
// of its own where the machine allows, else the loopback).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Host } from './netns-hosts.ts';

const bin = fileURLToPath(new URL('../../../../bin/memnas.js', import.meta.url));

export const hasRedis = ['/usr/bin/redis-server', '/usr/sbin/redis-server'].some((p) => existsSync(p));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(/^\+PONG|^-NOAUTH/.test(d.toString()));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly args: readonly string[],
  ) {}

  /**
   * `extra` adds redis-server options, e.g. ['--appendonly', 'yes']; `bind` addresses to listen
   * on besides 127.0.0.1 (the test's ends of the namespaces' links, Hosts.bind).
   */
  static async start(
    dir: string,
    extra: readonly string[] = [],
    bind: readonly string[] = [],
  ): Promise<RedisServer> {
    const port = await freePort();
    // Protected mode would refuse the namespaces' addresses (no password): they reach only this machine.
    const open = bind.length === 0 ? [] : ['--protected-mode', 'no'];
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      ...bind,
      ...open,
      '--save',
      '',
      '--dir',
      dir,
    ];
    args.push(...extra);
    const server = new RedisServer(port, args);
    await server.launch();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The URL a worker on `host` dials. */
  urlFrom(host: Host): string {
    return `redis://${host.redisAddress}:${this.port}`;
  }

  async launch(): Promise<void> {
    this.child = spawn('nice', ['-n', '19', 'redis-server', ...this.args], { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      if (await ping(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer on port ${this.port}`);
  }

  /** Kills the server (SIGKILL: nothing is flushed beyond what appendfsync already wrote). */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first line (already printed or to come) matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** `memnas worker` at nice 19, inside `host`'s namespace if it has one. */
function workerArgv(url: string, name: string, host: Host | undefined): string[] {
  // `ip netns exec` and nice exec the next program, so the child's pid is the worker's own.
  const worker = [process.execPath, bin, 'worker', '--redis', url, '--name', name];
  return [...(host?.prefix ?? []), 'nice', '-n', '19', ...worker];
}

/** Starts `memnas worker` (on `host`: inside its namespace, if it has one). */
export async function startWorker(
  url: string,
  name: string,
  env: Readonly<Record<string, string>>,
  host?: Host,
): Promise<WorkerProcess> {
  const argv = workerArgv(url, name, host);
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let partial = '';
  const onData = (chunk: Buffer): void => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const waitFor = (pattern: RegExp, timeoutMs = 60_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = lines.find((l) => pattern.test(l));
        if (hit === undefined) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`worker ${name}: no line matching ${pattern} in ${timeoutMs} ms:\n${lines.join('\n')}`),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    // A worker finishes the job in hand before it stops; the tests do not wait for that.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  // A CLI start took 87 s on this 2-core machine at load 12 (nice 19): wait well beyond that.
  await waitFor(/slot\(s\) on/, 180_000);
  return { child, lines, waitFor, stop };
}
