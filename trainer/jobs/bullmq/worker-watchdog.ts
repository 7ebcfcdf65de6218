// Notices a queued search that waits on nobody: jobs of the search unfinished while no `memnas
// worker` has announced itself (presence.ts) — they would wait forever. Pure: the queue feeds it
// one observation per sweep and acts on the verdict (a line once; after longer, it lets go, so
// the search can stop without marking any candidate failed and --resume it once workers exist).

/** How long a search waits with jobs queued and no worker before it says so, and before it stops. */
export interface WatchdogTimes {
  /** Default 30 s (DEFAULT_WATCHDOG). */
  readonly warnAfterMs: number;
  /** Default 10 min (DEFAULT_WATCHDOG). */
  readonly stopAfterMs: number;
}

export const DEFAULT_WATCHDOG: WatchdogTimes = { warnAfterMs: 30_000, stopAfterMs: 600_000 };

/** The warning comes at 30 s, or halfway to a shorter stop. */
export function watchdogTimes(stopAfterMs: number): WatchdogTimes {
  return { warnAfterMs: Math.min(DEFAULT_WATCHDOG.warnAfterMs, stopAfterMs / 2), stopAfterMs };
}

export type WatchdogVerdict =
  | { readonly kind: 'quiet' }
  /** Said once per spell without a worker. */
  | { readonly kind: 'warn'; readonly waiting: number; readonly idleMs: number }
  /** A worker came after the warning. */
  | { readonly kind: 'back' }
  | { readonly kind: 'stop'; readonly waiting: number; readonly idleMs: number };

export class WorkerWatchdog {
  /** When the current spell (jobs waiting, no live worker) began; undefined outside one. */
  private since: number | undefined;
  private warned = false;

  constructor(private readonly times: WatchdogTimes) {}

  /** One look: `waiting` unfinished jobs of this search, `slots` training slots of live workers. */
  observe(now: number, waiting: number, slots: number): WatchdogVerdict {
    if (waiting === 0 || slots > 0) {
      const back = this.warned && slots > 0;
      this.since = undefined;
      this.warned = false;
      return back ? { kind: 'back' } : { kind: 'quiet' };
    }
    this.since ??= now;
    const idleMs = now - this.since;
    if (idleMs >= this.times.stopAfterMs) return { kind: 'stop', waiting, idleMs };
    if (idleMs >= this.times.warnAfterMs && !this.warned) {
      this.warned = true;
      return { kind: 'warn', waiting, idleMs };
    }
    return { kind: 'quiet' };
  }
}
