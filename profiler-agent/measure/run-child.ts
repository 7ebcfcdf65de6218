// Runs one measurement in a fresh child process (child-entry, through fork-child.ts): the flags
// and environment of the protocol or of a plain process (measuring-environment.ts), pinned to one
// CPU, with a wall-clock limit. Works from TypeScript source (under tsx) and from dist/.
import { spawnSync } from 'node:child_process';
import { loaderFlags, siblingModule } from '../module-path.ts';
import { forkForReply } from './fork-child.ts';
import { childEnvironment, type EnvironmentName, measuringEnvironment } from './measuring-environment.ts';
import type { MeasureOutcome, MeasureRequest } from './measure-batch.ts';

/**
 * V8 flags of the protocol's measuring process (measuring-environment.ts). The parent's own flags
 * (inspector, test-runner loaders) are deliberately not inherited.
 */
export const CHILD_FLAGS: readonly string[] = measuringEnvironment('protocol').nodeFlags;

function childCommand(environment: EnvironmentName): { entry: string; execArgv: string[] } {
  return {
    entry: siblingModule('./child-entry', import.meta.url),
    execArgv: [...measuringEnvironment(environment).nodeFlags, ...loaderFlags()],
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
  /** Default 'protocol'. */
  readonly environment?: EnvironmentName;
}

/** The protocol's environment variables (measuring-environment.ts says why each is there). */
export const CHILD_ENV: Readonly<Record<string, string>> = measuringEnvironment('protocol').env;

export function runMeasurement(req: MeasureRequest, options: RunChildOptions): Promise<MeasureOutcome> {
  const environment = options.environment ?? 'protocol';
  const { entry, execArgv } = childCommand(environment);
  return forkForReply<MeasureOutcome>(
    {
      entry,
      execArgv,
      env: childEnvironment(environment),
      replaceEnv: true,
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
