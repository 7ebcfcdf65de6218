// Runs training jobs in worker processes on this machine, one per core by default. Processes,
// not threads: a worker that exits, aborts or runs out of memory takes down only itself; its
// job fails with the reason and a fresh worker takes its place for the jobs still queued.

import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { loaderFlags, siblingModule } from '../../profiler-agent/module-path.ts';
import { MemnasError } from '../../search/errors.ts';
import type { BackendInfo, BackendPreference } from '../backend/index.ts';
import type { TrainResult } from '../contract.ts';
import { WORKER_CONFIG_ENV } from './messages.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './messages.ts';
import type { JobQueue, TrainJob } from './queue.ts';

export interface LocalQueueOptions {
  /** Worker processes. Default os.availableParallelism(). */
  readonly workers?: number;
  /** Backend each worker loads. Default 'auto'. */
  readonly backend?: BackendPreference;
  /** Compute threads per worker. Default 1, so workers × threads matches the cores. */
  readonly threadsPerWorker?: number;
  /** V8 heap limit per worker in MB (a worker exceeding it dies alone). Default Node's. */
  readonly maxOldSpaceMb?: number;
  /** Copy the workers' stdout and stderr to our stderr. Default true. */
  readonly forwardWorkerOutput?: boolean;
}

interface Pending {
  readonly id: number;
  readonly job: TrainJob;
  readonly resolve: (r: TrainResult) => void;
  readonly reject: (e: Error) => void;
}

interface Worker {
  readonly child: ChildProcess;
  backend: BackendInfo | undefined;
  current: Pending | undefined;
  /** Last lines the worker wrote to stderr, for crash reports. */
  stderrTail: string;
  exited: Promise<void>;
}

const STDERR_TAIL = 2000;

export class LocalJobQueue implements JobQueue {
  private readonly size: number;
  private readonly workers = new Set<Worker>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: LocalQueueOptions = {}) {
    this.size = Math.max(1, options.workers ?? availableParallelism());
  }

  submit(job: TrainJob): Promise<TrainResult> {
    if (this.closed) return Promise.reject(new MemnasError('USAGE', 'the job queue is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  /** Backends the live workers reported (after their first job started). */
  get backends(): BackendInfo[] {
    return [...this.workers].flatMap((w) => (w.backend === undefined ? [] : [w.backend]));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0))
      p.reject(new MemnasError('WORKER_FAILED', 'the job queue was closed before this job ran'));
    const exits = [...this.workers].map((w) => {
      w.child.kill();
      return w.exited;
    });
    await Promise.all(exits);
  }

  /** Hands queued jobs to idle ready workers, and starts workers for jobs none will take soon. */
  private pump(): void {
    for (const w of this.workers) {
      if (w.backend !== undefined && w.current === undefined) this.dispatch(w);
    }
    if (this.closed) return;
    const starting = [...this.workers].filter((w) => w.backend === undefined).length;
    const missing = Math.min(this.queue.length - starting, this.size - this.workers.size);
    for (let i = 0; i < missing; i++) this.spawn();
  }

  private dispatch(w: Worker): void {
    const next = this.queue.shift();
    if (next === undefined) return;
    w.current = next;
    w.stderrTail = ''; // a crash report quotes only what this job's run wrote
    w.child.send({ type: 'job', id: next.id, job: next.job } satisfies ToWorker);
  }

  private spawn(): void {
    const { script, execArgv } = workerEntry(this.options.maxOldSpaceMb);
    const config: WorkerConfig = {
      backend: this.options.backend ?? 'auto',
      threads: this.options.threadsPerWorker ?? 1,
    };
    const child = fork(script, [], {
      execArgv,
      serialization: 'advanced',
      // Worker output goes to our stderr so a caller's stdout (e.g. --json) stays clean.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, [WORKER_CONFIG_ENV]: JSON.stringify(config) },
    });
    let resolveExit: () => void = () => {};
    const w: Worker = {
      child,
      backend: undefined,
      current: undefined,
      stderrTail: '',
      exited: new Promise((r) => (resolveExit = r)),
    };
    this.workers.add(w);
    const forward = this.options.forwardWorkerOutput === false ? () => {} : lineForwarder();
    child.stdout?.on('data', forward);
    child.stderr?.on('data', (chunk: Buffer) => {
      forward(chunk);
      w.stderrTail = (w.stderrTail + chunk.toString()).slice(-STDERR_TAIL);
    });
    child.on('message', (m: FromWorker) => this.onMessage(w, m));
    child.on('error', () => {}); // 'exit' follows and carries the reason
    child.on('exit', (code, signal) => {
      this.workers.delete(w);
      resolveExit();
      this.onExit(w, code, signal);
    });
  }

  private onMessage(w: Worker, m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        w.backend = m.backend;
        break;
      case 'result':
        w.current?.resolve(m.result);
        w.current = undefined;
        break;
      case 'error': {
        w.current?.reject(new MemnasError(m.code, m.message));
        w.current = undefined;
        if (m.recycle) return; // the worker exits; onExit pumps
        break;
      }
      case 'fatal':
        // The backend cannot load: fail one queued job with the reason rather than respawning forever.
        this.queue.shift()?.reject(new MemnasError(m.code, `training worker could not start: ${m.message}`));
        return;
    }
    this.pump();
  }

  private onExit(w: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    if (w.current !== undefined) {
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
      const detail = lastLine(w.stderrTail);
      w.current.reject(
        new MemnasError(
          'WORKER_FAILED',
          `training worker ${w.child.pid} ${how} while training ${w.current.job.architecture.name}${detail ? `: ${detail}` : ''}`,
        ),
      );
      w.current = undefined;
    }
    if (!this.closed) this.pump();
  }
}

/** The worker script and Node flags: TypeScript sources run through tsx's loader. */
function workerEntry(maxOldSpaceMb: number | undefined): { script: string; execArgv: string[] } {
  const execArgv = loaderFlags();
  if (maxOldSpaceMb !== undefined) execArgv.push(`--max-old-space-size=${maxOldSpaceMb}`);
  return { script: siblingModule('./worker-main', import.meta.url), execArgv };
}

/**
 * Writes a worker's output to our stderr line by line, shortening huge lines: a crash inside the
 * wasm module makes Node echo the module's minified source, megabytes of one line.
 */
function lineForwarder(): (chunk: Buffer) => void {
  let partial = '';
  return (chunk) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    if (partial.length > 10_000) partial = partial.slice(0, 500);
    for (const line of lines)
      process.stderr.write(
        `${line.length > 500 ? `${line.slice(0, 200)} […${line.length - 200} characters omitted]` : line}\n`,
      );
  };
}

/** The most telling line of a dying worker's stderr: the last error line, else the last line. */
function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    // Stack frames, Node's version footer and minified source echoed by the crash add nothing.
    .filter(
      (l) =>
        l.length > 0 &&
        l.length < 500 &&
        !l.startsWith('at ') &&
        !l.startsWith('Node.js v') &&
        !/^\d+: 0x/.test(l),
    );
  const errors = lines.filter((l) => /error|fatal|out of memory|abort/i.test(l));
  return (errors.at(-1) ?? lines.at(-1) ?? '').slice(0, 300);
}
