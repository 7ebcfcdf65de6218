// Workers announce themselves in one Redis hash (name → concurrency, last seen), refreshed every
// few seconds, so a search can size how many candidates it keeps in flight to the slots there
// are, and `memnas worker` names taken twice can be told apart by host and pid.
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';

const KEY = 'memnas:workers';
const REFRESH_MS = 5000;
/** An entry older than this is a worker that is gone. */
const STALE_MS = 20_000;

interface Entry {
  readonly concurrency: number;
  readonly host: string;
  readonly pid: number;
  readonly at: number;
}

/** Keeps this worker's entry fresh until the returned stop() (which removes it). */
export function announce(redis: Redis, name: string, concurrency: number): () => Promise<void> {
  const write = (): Promise<unknown> =>
    redis
      .hset(
        KEY,
        name,
        JSON.stringify({ concurrency, host: hostname(), pid: process.pid, at: Date.now() } satisfies Entry),
      )
      .catch(() => undefined); // Redis away for now: the next refresh writes it
  void write();
  const timer = setInterval(() => void write(), REFRESH_MS);
  return async () => {
    clearInterval(timer);
    await redis.hdel(KEY, name).catch(() => undefined);
  };
}

/** Training slots of the workers seen in the last STALE_MS: the sum of their concurrency. */
export async function liveSlots(redis: Redis): Promise<number> {
  const all = await redis.hgetall(KEY);
  let slots = 0;
  for (const raw of Object.values(all)) {
    try {
      const e = JSON.parse(raw) as Entry;
      if (Date.now() - e.at < STALE_MS && Number.isInteger(e.concurrency)) slots += e.concurrency;
    } catch {
      // an entry some other program wrote: not a worker of ours
    }
  }
  return slots;
}
