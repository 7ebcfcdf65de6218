// Time as the loop sees it, injectable so tests can run the stop rules without waiting.

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
}

export const systemClock: Clock = { now: () => performance.now() };
