// Slows token guessing through the login form: each wrong token is answered after a delay, and
// an address that got too many wrong in a window is refused outright until the window ends (the
// right token included, or the refusal would tell a guesser when it was right).

/** Wrong tokens one address may send per window before it is refused. */
export const MAX_FAILURES = 10;
/** 10 minutes. */
export const FAILURE_WINDOW_MS = 600_000;
/** Added to every wrong-token answer. */
export const DEFAULT_FAILURE_DELAY_MS = 500;
/** Addresses remembered at most; the oldest is forgotten beyond it. */
const MAX_ADDRESSES = 10_000;

interface Failures {
  count: number;
  readonly since: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds `address` must still wait, or 0 when it may try. */
  waitSeconds(address: string): number {
    const f = this.live(address);
    if (f === undefined || f.count < MAX_FAILURES) return 0;
    return Math.ceil((f.since + FAILURE_WINDOW_MS - this.now()) / 1000);
  }

  fail(address: string): void {
    const f = this.live(address);
    if (f !== undefined) {
      f.count += 1;
      return;
    }
    if (this.failures.size >= MAX_ADDRESSES) {
      const oldest = this.failures.keys().next();
      if (oldest.done !== true) this.failures.delete(oldest.value);
    }
    this.failures.set(address, { count: 1, since: this.now() });
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  private live(address: string): Failures | undefined {
    const f = this.failures.get(address);
    if (f !== undefined && this.now() - f.since >= FAILURE_WINDOW_MS) {
      this.failures.delete(address);
      return undefined;
    }
    return f;
  }
}
