// Logs the cause of each kind of 5xx once, with its stack, then at most once a minute a count of
// how often it recurred: a request that fails the same way on every call must not write a stack
// trace per request (an unauthenticated client could flood the log).

/** How often a recurring failure is summarised. */
export const FAILURE_LOG_INTERVAL_MS = 60_000;
/** Distinct causes remembered; older ones are forgotten (and logged in full again if they recur). */
const MAX_CAUSES = 100;

interface Seen {
  lastLoggedAt: number;
  suppressed: number;
}

export class FailureLog {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
    private readonly intervalMs: number = FAILURE_LOG_INTERVAL_MS,
  ) {}

  /** Records one failure of `where` (e.g. "GET /api/v1/jobs") caused by `err`. */
  record(where: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const firstLine = message.split('\n', 1)[0]!.slice(0, 200);
    const key = `${err instanceof Error ? err.name : typeof err}: ${firstLine}`;
    const now = this.now();
    const seen = this.seen.get(key);
    if (seen === undefined) {
      if (this.seen.size >= MAX_CAUSES) this.seen.delete(this.seen.keys().next().value!);
      this.seen.set(key, { lastLoggedAt: now, suppressed: 0 });
      const stack = err instanceof Error && err.stack !== undefined ? err.stack : key;
      this.log(`error in ${where.slice(0, 200)}: ${JSON.stringify(stack).slice(1, -1)}`);
      return;
    }
    seen.suppressed++;
    if (now - seen.lastLoggedAt < this.intervalMs) return;
    this.log(
      `${key} happened ${seen.suppressed} more time(s) in the last ${Math.round((now - seen.lastLoggedAt) / 1000)} s (last in ${where.slice(0, 200)})`,
    );
    seen.lastLoggedAt = now;
    seen.suppressed = 0;
  }
}
