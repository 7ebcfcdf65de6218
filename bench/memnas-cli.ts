// The `memnas` command as the benchmarks run it: a child process of this Node, stdout captured
// or passed through; a failing command ends the benchmark with its exit status.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MEMNAS_BIN = fileURLToPath(new URL('../bin/memnas.js', import.meta.url));

function failed(args: readonly string[], status: number | null): never {
  console.error(`memnas ${args.join(' ')} failed with exit ${status}`);
  process.exit(1);
}

/** Runs `memnas args…` to the end; returns its stdout when `capture` (else it goes to the terminal). */
export function memnas(args: readonly string[], capture = false): string {
  const r = spawnSync(process.execPath, [MEMNAS_BIN, ...args], {
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (r.status !== 0) failed(args, r.status);
  return r.stdout ?? '';
}

/** The same, concurrently: resolves to its stdout. */
export function memnasAsync(args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MEMNAS_BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : failed(args, code)));
  });
}

/**
 * Runs `job` on every item, two at a time — one per core of the 2-core machines the benches run
 * on, each `memnas train` single-threaded — in order, each pair finished before the next starts.
 */
export async function twoAtATime<T>(
  items: readonly T[],
  job: (item: T, index: number) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += 2)
    await Promise.all(items.slice(i, i + 2).map((x, j) => job(x, i + j)));
}
