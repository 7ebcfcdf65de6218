// Dashboard sessions: opaque ids, expiry, logout, the CSRF token and the cap on live sessions.
import { describe, expect, it } from 'vitest';
import { MAX_SESSIONS, SessionStore, csrfMatches } from '../../../devices/dashboard/sessions.ts';

describe('SessionStore', () => {
  it('knows a session until it expires or is deleted', () => {
    let now = 1_000;
    const store = new SessionStore(60_000, () => now);
    const s = store.create();
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.get(s.id)).toEqual({ csrfToken: s.csrfToken, expiresAt: 61_000 });
    expect(store.get(`${s.id}x`)).toBeUndefined();
    expect(store.get(undefined)).toBeUndefined();
    now = 61_000;
    expect(store.get(s.id)).toBeUndefined();
    const t = store.create();
    store.delete(t.id);
    expect(store.get(t.id)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('issues a different id and CSRF token each time, and checks the token exactly', () => {
    const store = new SessionStore();
    const a = store.create();
    const b = store.create();
    expect(a.id).not.toBe(b.id);
    expect(a.csrfToken).not.toBe(b.csrfToken);
    expect(csrfMatches(a, a.csrfToken)).toBe(true);
    expect(csrfMatches(a, b.csrfToken)).toBe(false);
    expect(csrfMatches(a, undefined)).toBe(false);
    expect(csrfMatches(a, a.csrfToken.slice(1))).toBe(false);
  });

  it('drops the oldest session beyond the cap', () => {
    const store = new SessionStore();
    const first = store.create();
    for (let i = 0; i < MAX_SESSIONS; i += 1) store.create();
    expect(store.size).toBe(MAX_SESSIONS);
    expect(store.get(first.id)).toBeUndefined();
  });
});
