// Redis connections for the BullMQ queue, from one `redis://[:password@]host:port[/db]` URL. A
// checked connection fails fast, with one line, when the server is unreachable or refuses the
// password; the long-lived ones then retry forever, so a Redis restart pauses work instead of
// failing it (BullMQ needs maxRetriesPerRequest: null on them).
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { MemnasError } from '../../../search/errors.ts';
import { redisLabel } from './redis-url.ts';

/** How long the first connection may take before the server counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5000;

/** A connection that retries forever (for BullMQ's Queue, Worker and QueueEvents). */
export function lastingRedis(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  // While Redis is away, each reconnect attempt fails: the BullMQ object using this connection
  // reports it (or waits it out); ioredis would print each one as an "unhandled error event".
  client.on('error', () => {});
  return client;
}

/**
 * Connects once, without retrying, and pings: resolves with the open connection (which then
 * retries forever like lastingRedis), or fails with UNAVAILABLE or AUTH_FAILED in one line.
 */
export async function checkedRedis(url: string): Promise<Redis> {
  const label = redisLabel(url);
  let attempts = 0;
  const options: RedisOptions = {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: null,
    // The first failure is final (it is reported); after a good start, keep reconnecting.
    retryStrategy: () => (attempts === 0 ? null : Math.min(2000, 100 * 2 ** Math.min(attempts++, 5))),
  };
  const client = new Redis(url, options);
  // ioredis reports why in 'error' and then rejects connect() with only "Connection is closed".
  let why: unknown;
  client.on('error', (e: unknown) => (why ??= e));
  try {
    await client.connect();
    await client.ping();
    attempts = 1;
    return client;
  } catch (e) {
    client.disconnect();
    throw redisFailure(why ?? e, label);
  }
}

function redisFailure(e: unknown, label: string): MemnasError {
  const message = e instanceof Error ? e.message : String(e);
  if (/NOAUTH/.test(message))
    return new MemnasError(
      'AUTH_FAILED',
      `Redis at ${label} requires a password: redis://:PASSWORD@HOST:PORT`,
      {
        cause: e,
      },
    );
  if (/WRONGPASS|invalid password|AUTH/i.test(message))
    return new MemnasError('AUTH_FAILED', `Redis at ${label} refused the password (${firstLine(message)})`, {
      cause: e,
    });
  return new MemnasError('UNAVAILABLE', `cannot reach Redis at ${label}: ${firstLine(message)}`, {
    cause: e,
  });
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
