// The distributed benchmark's real processes: Debian's redis-server on a free 127.0.0.1 port and
// `memnas worker`s, started and stopped by id; and Redis's own counters (INFO) for ops and bytes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

const bin = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/** Starts `command` and resolves once a line of its output matches `ready`. */
function startUntil(
  command: string,
  args: readonly string[],
  ready: RegExp,
  env = {},
): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${command} not ready in 120 s:\n${seen}`)), 120_000);
    const onData = (d: Buffer): void => {
      seen += d.toString();
      if (ready.test(seen)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}):\n${seen}`)));
  });
}

export async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'memnas-bench-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  const child = await startUntil('redis-server', args, /Ready to accept connections/);
  return { url: `redis://127.0.0.1:${port}`, child };
}

export function startWorker(url: string, name: string): Promise<ChildProcess> {
  const home = mkdtempSync(join(tmpdir(), 'memnas-bench-worker-'));
  return startUntil(process.execPath, [bin, 'worker', '--redis', url, '--name', name], /slot\(s\) on/, {
    MEMNAS_HOME: home,
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Commands Redis has served and bytes it has received and sent, from INFO. */
export async function redisCounters(
  redis: Redis,
): Promise<{ ops: number; bytesIn: number; bytesOut: number }> {
  const stats = await redis.info('stats');
  const field = (name: string): number => Number(new RegExp(`${name}:(\\d+)`).exec(stats)?.[1] ?? 0);
  return {
    ops: field('total_commands_processed'),
    bytesIn: field('total_net_input_bytes'),
    bytesOut: field('total_net_output_bytes'),
  };
}
