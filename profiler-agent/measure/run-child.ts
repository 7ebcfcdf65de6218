// Runs one measurement in a fresh child process (child_process.fork of child-entry): the
// parent side of the IPC, with a wall-clock limit and a one-line summary of the child's stderr
// when it dies without answering. Works from TypeScript source (under tsx) and from dist/.
import { fork, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AgentError, oneLine } from '../errors.ts';
import type { ChildReply } from './child-reply.ts';
import type { MeasureOutcome, MeasureRequest } from './measure-batch.ts';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * V8 flags of the measuring process, part of the protocol. --expose-gc: garbage is collected
 * before the baseline and between runs. --no-opt and --single-threaded-gc: the optimizing
 * compiler's transient memory and background GC threads made the high-water mark wander by
 * ±15% on small models; without them repeated profiles agree within a few percent. (The JS
 * around a run is a thin wrapper, so latency is not affected measurably.) The parent's own
 * flags (inspector, test-runner loaders) are deliberately not inherited.
 */
export const CHILD_FLAGS: readonly string[] = ['--expose-gc', '--no-opt', '--single-threaded-gc'];

/** tsx's loader as a file URL, for a child started from TypeScript source. */
export function tsxLoader(): string {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch (cause) {
    throw new AgentError(
      'RUNTIME_UNAVAILABLE',
      'running the profiler from TypeScript source needs tsx; build it (npm run build) and run dist/ instead',
      { cause },
    );
  }
}

function childCommand(): { entry: string; execArgv: string[] } {
  const entry = fileURLToPath(
    new URL(FROM_SOURCE ? './child-entry.ts' : './child-entry.js', import.meta.url),
  );
  return { entry, execArgv: [...CHILD_FLAGS, ...(FROM_SOURCE ? ['--import', tsxLoader()] : [])] };
}

/** The most telling line of a dead child's stderr: the first mentioning an error, else the last. */
export function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const line = lines.find((l) => /error|abort|fatal|killed/i.test(l)) ?? lines.at(-1) ?? '';
  return oneLine(line, 200);
}

/**
 * Pins the measuring process to one CPU (Linux, with util-linux's taskset): cores of one machine
 * can differ — on this project's 2-vCPU cloud machines one ran a tight loop 27% slower and
 * sub-millisecond inferences up to 2× slower than the other — so an unpinned process's latency
 * depends on where the scheduler happens to put it. MEMNAS_PROFILE_CPU picks the CPU (default
 * 0); 'none' leaves the scheduler free. Failure to pin is harmless: the run just stays unpinned.
 */
function pinToCpu(pid: number): void {
  const cpu = process.env.MEMNAS_PROFILE_CPU ?? '0';
  if (process.platform !== 'linux' || cpu === 'none') return;
  spawnSync('taskset', ['-p', '-c', cpu, String(pid)], { stdio: 'ignore', timeout: 2_000 });
}

export interface RunChildOptions {
  readonly timeoutMs: number;
}

/**
 * Environment of the measuring process, part of the protocol, so that one model has one peak.
 * onnxruntime-node runs each inference on a libuv pool thread and glibc gives each thread its own
 * malloc arena, so which pool thread ran a run decided whether later runs reused freed buffers;
 * and glibc's mmap threshold rises after a large block is freed, so whether a later large block
 * came from fresh mmap'd pages or the heap depended on that history. Measured in fresh processes
 * before: a dense block 1.97 or 3.27 MB, space-1 1.97 or 2.43 MB; with one pool thread and the
 * threshold pinned at glibc's initial 128 KiB, every model within 3% over six processes.
 */
export const CHILD_ENV: Readonly<Record<string, string>> = {
  UV_THREADPOOL_SIZE: '1',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

export function runMeasurement(req: MeasureRequest, options: RunChildOptions): Promise<MeasureOutcome> {
  const { entry, execArgv } = childCommand();
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], {
      execArgv,
      env: { ...process.env, ...CHILD_ENV },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    if (child.pid !== undefined) pinToCpu(child.pid);
    let stderr = '';
    let reply: ChildReply | undefined;
    let timedOut = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('message', (m: ChildReply) => {
      reply = m;
    });
    child.on('error', (cause) => {
      clearTimeout(timer);
      reject(
        new AgentError('MEASURE_FAILED', `could not start the measuring process: ${oneLine(String(cause))}`, {
          cause,
        }),
      );
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new AgentError(
            'TIMEOUT',
            `measuring batch ${req.batch} took longer than ${options.timeoutMs} ms; the process was stopped`,
          ),
        );
      } else if (reply?.ok === true) {
        resolve({ measurement: reply.measurement, method: reply.method, runtime: reply.runtime });
      } else if (reply?.ok === false) {
        reject(new AgentError(reply.error.code, reply.error.message));
      } else {
        const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
        const detail = summarizeStderr(stderr);
        reject(
          new AgentError(
            'MEASURE_FAILED',
            `the measuring process for batch ${req.batch} died (${how}) before reporting${detail ? `: ${detail}` : ''}`,
          ),
        );
      }
    });
    child.send(req);
  });
}
