// Waiting between attempts: exponential backoff with jitter (so a fleet does not reconnect in
// lock-step after a coordinator restart), and a sleep that a stop request cuts short.

export interface BackoffOptions {
  /** First delay; default 250 ms. */
  readonly initialMs?: number;
  /** Longest delay; default 5 s. */
  readonly maxMs?: number;
  /**
   * How long one thing (a download, a report's delivery) is retried before the agent gives up on
   * it: default 10 minutes, far longer than a coordinator takes to restart.
   */
  readonly giveUpMs?: number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly giveUpMs: number;
  private startedAt: number | null = null;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.maxMs = options.maxMs ?? 5_000;
    this.giveUpMs = options.giveUpMs ?? 600_000;
  }

  /** True once retrying has gone on for giveUpMs since the first delay. */
  exhausted(): boolean {
    return this.startedAt !== null && Date.now() - this.startedAt >= this.giveUpMs;
  }

  /** The next delay: initial · 2^n, capped, ±20% jitter. */
  next(): number {
    this.startedAt ??= Date.now();
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt++;
    return Math.round(base * (0.8 + 0.4 * Math.random()));
  }

  reset(): void {
    this.attempt = 0;
    this.startedAt = null;
  }
}

/** Thrown out of a wait when the agent is asked to stop. */
export class Stopped extends Error {
  constructor() {
    super('the agent is stopping');
    this.name = 'Stopped';
  }
}

/** Resolves after `ms`, or rejects with Stopped as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new Stopped());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Stopped());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `work`, or Stopped as soon as `signal` aborts (the work itself is left to finish alone). */
export function unlessStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Stopped());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new Stopped());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
