// Runs one measurement in a fresh child process (child-entry, through fork-child.ts): the
// protocol's flags and environment, pinned to one CPU, with a wall-clock limit. Works from
// TypeScript source (under tsx) and from dist/.
import { spawnSync } from 'node:child_process';
import { loaderFlags, siblingModule } from '../module-path.ts';
import { forkForReply } from './fork-child.ts';
import type { MeasureOutcome, MeasureRequest } from './measure-batch.ts';

/**
 * V8 flags of the measuring process, part of the protocol. --expose-gc: garbage is collected
 * before the baseline and between runs. --no-opt and --single-threaded-gc: the optimizing
 * compiler's transient memory and background GC threads made the high-water mark wander by
 * ±15% on small models; without them repeated profiles agree within a few percent. (The JS
 * around a run is a thin wrapper, so latency is not affected measurably.) The parent's own
 * flags (inspector, test-runner loaders) are deliberately not inherited.
 */
export const CHILD_FLAGS: readonly string[] = ['--expose-gc', '--no-opt', '--single-threaded-gc'];

function childCommand(): { entry: string; execArgv: string[] } {
  return {
    entry: siblingModule('./child-entry', import.meta.url),
    execArgv: [...CHILD_FLAGS, ...loaderFlags()],
  };
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
  /** Aborting kills the child. */
  readonly signal?: AbortSignal;
}

/**
 * Environment of the measuring process, part of the protocol, so that one model has one peak.
 *
 * UV_THREADPOOL_SIZE=1: onnxruntime-node runs each inference on a libuv pool thread and glibc
 * gives each thread its own malloc arena, so which pool thread ran a run decided whether later
 * runs reused freed buffers (a dense block measured 1.97 or 3.27 MB in fresh processes).
 *
 * MALLOC_MMAP_THRESHOLD_=4096: every allocation of a page or more is a mapping of its own, made
 * resident when written and returned whole when freed; only smaller ones share glibc's heap.
 * Pinning the threshold also stops glibc raising it after a large block is freed (which made
 * space-1 1.97 or 2.43 MB). At glibc's initial 128 KiB, the model's load-time allocations went
 * into the heap, where the resident size they add depends on the holes the process's earlier
 * life left there, not on the model: read with glibc's mallinfo2 in fresh processes,
 * one ResNet's load allocated 315 KB and raised the resident size by 184 KB, another's allocated
 * 420 KB and raised it by 520–576 KB (0.6× and 1.3×). With the 4 KiB threshold the same loads
 * raise it by 1.04–1.2× what they allocate, five models alike, and the calibration predicts
 * unseen networks within ±10% (README, Calibration). The price is a page per block of 4 KiB or
 * more (page rounding) and a system call per such allocation, at load; run-time buffers come
 * from the runtime's arena, mapped in large chunks either way. The deploy bundle's runner
 * documents the same setting, so the deployed process matches the measured peak.
 *
 * Under CPU contention some models still split in two modes, decided by the first inference
 * (session creation and first run race between the main and the pool thread); a profile's
 * batches are best taken on an otherwise idle device.
 */
export const CHILD_ENV: Readonly<Record<string, string>> = {
  UV_THREADPOOL_SIZE: '1',
  MALLOC_MMAP_THRESHOLD_: '4096',
};

export function runMeasurement(req: MeasureRequest, options: RunChildOptions): Promise<MeasureOutcome> {
  const { entry, execArgv } = childCommand();
  return forkForReply<MeasureOutcome>(
    {
      entry,
      execArgv,
      env: CHILD_ENV,
      serialization: 'json',
      timeoutMs: options.timeoutMs,
      name: `measuring process for batch ${req.batch}`,
      timeoutMessage: `measuring batch ${req.batch} took longer than ${options.timeoutMs} ms; the process was stopped`,
      onSpawn: pinToCpu,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
    req,
  ).then((r) => ({ measurement: r.measurement, method: r.method, runtime: r.runtime }));
}
