import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeLinkEvent, LogThrottle } from '../../../profiler-agent/serial/link-events.ts';

afterEach(() => vi.useRealTimers());

describe('link event logging', () => {
  it('describes the problems a user may need to see, and not routine repeats', () => {
    expect(describeLinkEvent({ kind: 'garbage', bytes: 12 })).toBe(
      'skipped 12 byte(s) of garbage on the serial line',
    );
    expect(describeLinkEvent({ kind: 'corrupt', reason: 'payload checksum mismatch', seq: 4 })).toBe(
      'a damaged frame arrived (payload checksum mismatch); asked for it again',
    );
    expect(describeLinkEvent({ kind: 'resend', seq: 4, attempt: 2, why: 'timeout' })).toMatch(
      /no acknowledgement/,
    );
    expect(describeLinkEvent({ kind: 'duplicate', seq: 4 })).toBeNull();
  });

  it('logs each kind at most once a second and says how many lines it held back', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const t = new LogThrottle((l) => lines.push(l));
    for (let i = 0; i < 50; i++) t.event({ kind: 'garbage', bytes: 1 });
    t.event({ kind: 'corrupt', reason: 'header checksum mismatch' });
    vi.advanceTimersByTime(1_000);
    t.event({ kind: 'garbage', bytes: 2 });
    expect(lines).toEqual([
      'skipped 1 byte(s) of garbage on the serial line',
      'a damaged frame arrived (header checksum mismatch)',
      'skipped 2 byte(s) of garbage on the serial line (49 similar line(s) not shown)',
    ]);
  });
});
