// Real processes for the fleet tests: Node agents (profiler-agent/agent-cli.ts) and `memnas
// serve` (serve-entry.ts), started from TypeScript source with tsx's loader, each in its own
// process group so a kill reaches the measuring children too. Every process started here is
// remembered and `stopAll` kills whatever is left.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface Proc {
  readonly child: ChildProcess;
  /** stdout and stderr so far, for assertions and failure messages. */
  output(): string;
  /** Signals the whole process group (the process and its measuring children). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

const live = new Set<Proc>();

export function spawnTs(entry: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, ['--import', TSX, join(REPO, entry), ...args], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const proc: Proc = {
    child,
    output: () => out,
    kill(signal) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    },
    exited,
  };
  live.add(proc);
  void exited.then(() => live.delete(proc));
  return proc;
}

export function spawnAgent(url: string, token: string, name: string, tags: readonly string[]): Proc {
  return spawnTs(
    'profiler-agent/agent-cli.ts',
    ['--coordinator', url, '--name', name, '--tags', tags.join(',')],
    { MEMNAS_TOKEN: token },
  );
}

export function spawnServe(port: number, db: string, token: string, heartbeatMs: number): Proc {
  return spawnTs(
    'test/devices/helpers/serve-entry.ts',
    ['--host', '127.0.0.1', '--port', String(port), '--db', db, '--heartbeat-ms', String(heartbeatMs)],
    { MEMNAS_TOKEN: token },
  );
}

/** Kills every process these helpers started that is still running, and waits for them. */
export async function stopAll(): Promise<void> {
  const procs = [...live];
  for (const p of procs) p.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
}

/** Polls `probe` until it returns a value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch {
      // not ready yet (a coordinator still starting, say)
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A TCP port free right now on 127.0.0.1 (for a coordinator that must come back on the same port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
