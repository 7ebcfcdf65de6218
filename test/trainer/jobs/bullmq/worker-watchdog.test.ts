// The no-worker watchdog without Redis: a line once a spell of waiting with no live worker passes
// the warning time, a "back" when a worker comes after it, and a stop at the stop time; nothing
// while no job waits or a worker is alive.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WATCHDOG,
  watchdogTimes,
  WorkerWatchdog,
} from '../../../../trainer/jobs/bullmq/worker-watchdog.ts';

describe('WorkerWatchdog', () => {
  it('warns once after the warning time, then stops at the stop time', () => {
    const dog = new WorkerWatchdog({ warnAfterMs: 30, stopAfterMs: 100 });
    expect(dog.observe(1000, 3, 0)).toEqual({ kind: 'quiet' });
    expect(dog.observe(1029, 3, 0)).toEqual({ kind: 'quiet' });
    expect(dog.observe(1030, 2, 0)).toEqual({ kind: 'warn', waiting: 2, idleMs: 30 });
    expect(dog.observe(1060, 2, 0)).toEqual({ kind: 'quiet' });
    expect(dog.observe(1100, 2, 0)).toEqual({ kind: 'stop', waiting: 2, idleMs: 100 });
  });

  it('starts a new spell when a worker comes back, and says so only after a warning', () => {
    const dog = new WorkerWatchdog({ warnAfterMs: 30, stopAfterMs: 100 });
    dog.observe(0, 1, 0);
    expect(dog.observe(90, 1, 2)).toEqual({ kind: 'quiet' });
    expect(dog.observe(100, 1, 0)).toEqual({ kind: 'quiet' });
    expect(dog.observe(140, 1, 0).kind).toBe('warn');
    expect(dog.observe(150, 1, 1)).toEqual({ kind: 'back' });
    expect(dog.observe(160, 1, 0)).toEqual({ kind: 'quiet' });
    expect(dog.observe(259, 1, 0).kind).toBe('warn');
    expect(dog.observe(260, 1, 0).kind).toBe('stop');
  });

  it('stays quiet while no job waits, however long no worker is there', () => {
    const dog = new WorkerWatchdog({ warnAfterMs: 30, stopAfterMs: 100 });
    dog.observe(0, 1, 0);
    for (const t of [50, 500, 5000]) expect(dog.observe(t, 0, 0)).toEqual({ kind: 'quiet' });
    expect(dog.observe(5050, 1, 0)).toEqual({ kind: 'quiet' });
  });

  it('warns at 30 s by default, or halfway to a shorter stop', () => {
    expect(DEFAULT_WATCHDOG).toEqual({ warnAfterMs: 30_000, stopAfterMs: 600_000 });
    expect(watchdogTimes(20_000)).toEqual({ warnAfterMs: 10_000, stopAfterMs: 20_000 });
    expect(watchdogTimes(300_000)).toEqual({ warnAfterMs: 30_000, stopAfterMs: 300_000 });
  });
});
