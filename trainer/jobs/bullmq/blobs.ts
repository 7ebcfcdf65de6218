// Content-addressed blobs in Redis: datasets and weights travel by their SHA-256, each stored
// once however many jobs name it. They expire after a week unused, as long as finished jobs are
// kept, so a resumed search still finds the weights of the jobs that finished while it was down.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MemnasError } from '../../../search/errors.ts';

export const BLOB_TTL_SECONDS = 7 * 24 * 3600;
const PREFIX = 'memnas:blob:';

export function blobHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Stores `bytes` unless a blob with its hash is there already (then only its expiry is renewed). */
export async function putBlob(redis: Redis, bytes: Uint8Array): Promise<string> {
  const hash = blobHash(bytes);
  const key = PREFIX + hash;
  // EXPIRE answers 0 for a missing key: only then do the bytes cross the network.
  if ((await redis.expire(key, BLOB_TTL_SECONDS)) === 0)
    await redis.set(
      key,
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      'EX',
      BLOB_TTL_SECONDS,
    );
  return hash;
}

export async function getBlob(redis: Redis, hash: string, what: string): Promise<Uint8Array> {
  const bytes = await redis.getBuffer(PREFIX + hash);
  if (bytes === null)
    throw new MemnasError(
      'NOT_FOUND',
      `${what} ${hash.slice(0, 12)} is no longer in Redis (expired or flushed)`,
    );
  if (blobHash(bytes) !== hash)
    throw new MemnasError(
      'PROTOCOL_INVALID',
      `${what} ${hash.slice(0, 12)} in Redis does not match its hash`,
    );
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
