// The session cookie's flags and reading it back from a Cookie header.
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, readCookie, sessionCookie } from '../../../devices/dashboard/cookies.ts';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, on the whole site, and Secure only over https', () => {
    expect(sessionCookie('abc', { maxAgeSeconds: 3600.7, secure: false })).toBe(
      `${SESSION_COOKIE}=abc; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict`,
    );
    expect(sessionCookie('', { maxAgeSeconds: 0, secure: true })).toBe(
      `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure`,
    );
  });

  it('is read from a Cookie header among others', () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=xyz; b=2`, SESSION_COOKIE)).toBe('xyz');
    expect(readCookie('a=1; b', SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(`x${SESSION_COOKIE}=no`, SESSION_COOKIE)).toBeUndefined();
  });
});
