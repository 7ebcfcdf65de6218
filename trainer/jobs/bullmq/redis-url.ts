// A Redis URL as users give it (--queue, --redis): its form checked without loading a Redis
// client, and printed without its password.
import { MemnasError } from '../../../search/errors.ts';

/** The URL as it may be printed: without its password. */
export function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

/** Checks the URL's form: redis:// or rediss://, a host, an optional port and database. */
export function checkRedisUrl(url: string, flag: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MemnasError('USAGE', `${flag} takes a URL like redis://HOST:6379, got '${redisLabel(url)}'`);
  }
  if ((u.protocol !== 'redis:' && u.protocol !== 'rediss:') || u.hostname === '')
    throw new MemnasError('USAGE', `${flag} takes a URL like redis://HOST:6379, got '${redisLabel(url)}'`);
}

/** The URL to give another command (`memnas worker --redis …`), its password replaced by PASSWORD. */
export function redactedRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password === '') return url;
    return `${u.protocol}//${u.username}:PASSWORD@${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//:PASSWORD@');
  }
}
