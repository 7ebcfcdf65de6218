// The environments a measuring child process can run in, the one source of what it is forked
// with and of what a result reports (ProfileResult.measuringEnvironment): 'protocol', the pinned
// allocator, thread pool and JIT settings every peak of the protocol is measured under
// (run-child.ts says why each is there), and 'plain', a process as `node script.mjs` starts it
// (glibc's default allocator, the default thread pool and JIT), for what a model costs where
// nobody set anything. A deploy bundle's start script is written from the reported values.

/** Which environment a job asks for; 'protocol' unless it says otherwise. */
export type EnvironmentName = 'protocol' | 'plain';

export const ENVIRONMENT_NAMES: readonly EnvironmentName[] = ['protocol', 'plain'];

export interface MeasuringEnvironment {
  readonly name: EnvironmentName;
  /** Environment variables set for the measuring process (on top of the agent's own). */
  readonly env: Readonly<Record<string, string>>;
  /** Node flags of the measuring process (tsx's loader, only present from source, excluded). */
  readonly nodeFlags: readonly string[];
}

/**
 * --expose-gc only makes gc() callable: the measurement collects garbage before the baseline and
 * between runs, in both environments, so the peak is the runtime's need and not the collector's
 * timing. It changes neither the allocator nor the JIT.
 */
const EXPOSE_GC = '--expose-gc';

/**
 * --no-opt and --single-threaded-gc: the optimizing compiler's transient memory and background
 * GC threads made the high-water mark wander by ±15% on small models; without them repeated
 * profiles agree within a few percent. (The JS around a run is a thin wrapper, so latency is not
 * affected measurably: 0.141 ms with, 0.145 ms without --no-opt; docs/benchmarks.md, "Profile
 * repeatability".)
 */
const PROTOCOL_FLAGS: readonly string[] = [EXPOSE_GC, '--no-opt', '--single-threaded-gc'];

/**
 * Environment variables of the protocol's measuring process, so that one model has one peak.
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
 * from the runtime's arena, mapped in large chunks either way. The deploy bundle's `npm start`
 * sets the same variables and flags, so the deployed process matches the measured peak.
 *
 * Under CPU contention some models still split in two modes, decided by the first inference
 * (session creation and first run race between the main and the pool thread); a profile's
 * batches are best taken on an otherwise idle device.
 */
const PROTOCOL_ENV: Readonly<Record<string, string>> = Object.freeze({
  UV_THREADPOOL_SIZE: '1',
  MALLOC_MMAP_THRESHOLD_: '4096',
});

const ENVIRONMENTS: Readonly<Record<EnvironmentName, MeasuringEnvironment>> = Object.freeze({
  protocol: Object.freeze({ name: 'protocol', env: PROTOCOL_ENV, nodeFlags: Object.freeze(PROTOCOL_FLAGS) }),
  plain: Object.freeze({ name: 'plain', env: Object.freeze({}), nodeFlags: Object.freeze([EXPOSE_GC]) }),
});

export function measuringEnvironment(name: EnvironmentName = 'protocol'): MeasuringEnvironment {
  return ENVIRONMENTS[name];
}

/**
 * The complete environment of a measuring child: the agent's own with the chosen environment's
 * variables on top. A plain child also drops the protocol's variables the agent itself may have
 * been started with (an agent run from a deploy bundle's shell, say), so plain means the defaults.
 */
export function childEnvironment(
  name: EnvironmentName,
  parent: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(parent)) if (v !== undefined) env[k] = v;
  if (name === 'plain') for (const k of Object.keys(PROTOCOL_ENV)) delete env[k];
  return { ...env, ...ENVIRONMENTS[name].env };
}

/** A copy fit for a result (plain data, no frozen objects shared with the constants). */
export function reportedEnvironment(name: EnvironmentName = 'protocol'): {
  name: EnvironmentName;
  env: Record<string, string>;
  nodeFlags: string[];
} {
  const e = ENVIRONMENTS[name];
  return { name: e.name, env: { ...e.env }, nodeFlags: [...e.nodeFlags] };
}
