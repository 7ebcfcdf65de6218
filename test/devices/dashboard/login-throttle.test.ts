// Failed dashboard logins: an address that sent too many wrong tokens waits out the window.
import { describe, expect, it } from 'vitest';
import { FAILURE_WINDOW_MS, LoginThrottle, MAX_FAILURES } from '../../../devices/dashboard/login-throttle.ts';

describe('LoginThrottle', () => {
  it('refuses an address after too many failures until the window ends', () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES - 1; i += 1) t.fail('a');
    expect(t.waitSeconds('a')).toBe(0);
    t.fail('a');
    expect(t.waitSeconds('a')).toBe(FAILURE_WINDOW_MS / 1000);
    expect(t.waitSeconds('b')).toBe(0);
    now = FAILURE_WINDOW_MS - 1_500;
    expect(t.waitSeconds('a')).toBe(2);
    now = FAILURE_WINDOW_MS;
    expect(t.waitSeconds('a')).toBe(0);
  });

  it('forgets an address that logs in', () => {
    const t = new LoginThrottle(() => 0);
    for (let i = 0; i < MAX_FAILURES; i += 1) t.fail('a');
    t.succeed('a');
    expect(t.waitSeconds('a')).toBe(0);
  });
});
