// The dashboard's login sessions, in memory: an opaque random id (the cookie's value) stands for
// "this browser presented the fleet token", until it expires or logs out. Only the id's sha256 is
// kept, so a heap dump does not hand out live sessions; a restart logs every browser out, which
// is the safe direction. Each session carries its own CSRF token for state-changing requests.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a login lasts: 12 hours, a working day, whatever the browser does meanwhile. */
export const DEFAULT_SESSION_MS = 12 * 3_600_000;
/** Most live sessions; the oldest is dropped beyond it, so logins cannot grow memory unbounded. */
export const MAX_SESSIONS = 1_000;

export interface Session {
  /** Sent back in the X-CSRF-Token header of every state-changing request. */
  readonly csrfToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export interface NewSession extends Session {
  /** The cookie's value; known to the browser only, never stored here. */
  readonly id: string;
}

const digest = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly lifetimeMs = DEFAULT_SESSION_MS,
    private readonly now: () => number = Date.now,
  ) {}

  create(): NewSession {
    this.prune();
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next();
      if (oldest.done === true) break;
      this.sessions.delete(oldest.value);
    }
    const id = randomBytes(32).toString('base64url');
    const session: Session = {
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: this.now() + this.lifetimeMs,
    };
    this.sessions.set(digest(id), session);
    return { id, ...session };
  }

  /** The live session `id` names, or undefined (unknown, expired or logged out). */
  get(id: string | undefined): Session | undefined {
    if (id === undefined || id === '') return undefined;
    const key = digest(id);
    const session = this.sessions.get(key);
    if (session === undefined) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(digest(id));
  }

  get size(): number {
    this.prune();
    return this.sessions.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(key);
  }
}

/** Whether `sent` is the session's CSRF token, compared in constant time. */
export function csrfMatches(session: Session, sent: string | undefined): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(session.csrfToken, 'utf8');
  const b = Buffer.from(sent, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
