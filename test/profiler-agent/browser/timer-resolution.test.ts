// The page's clock in the device description: the smallest positive step of a clock, the
// browser device carrying it (and the protocol accepting and checking it), and the note a result
// from a page that was not cross-origin isolated carries.
import { describe, expect, it } from 'vitest';
import { isolationNote } from '../../../profiler-agent/browser/assemble.ts';
import { describeBrowserDevice } from '../../../profiler-agent/browser/device.ts';
import { measureTimerResolution } from '../../../profiler-agent/browser/timer-resolution.ts';
import { parseDeviceDescription } from '../../../profiler-agent/protocol.ts';

/** A clock that moves `step` ms every `every` readings. */
function steppingClock(step: number, every: number): () => number {
  let reads = 0;
  return () => Math.floor(reads++ / every) * step;
}

describe('measureTimerResolution', () => {
  it('finds the smallest positive step of a coarse clock', () => {
    expect(measureTimerResolution(steppingClock(0.1, 50))).toBeCloseTo(0.1, 9);
    expect(measureTimerResolution(steppingClock(0.005, 3))).toBeCloseTo(0.005, 9);
  });

  it('reports the budget when the clock never moves within it', () => {
    expect(measureTimerResolution(() => 42, 25, 1000)).toBe(25);
  });
});

describe('the clock in the browser device description', () => {
  const nav = { userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 7)', hardwareConcurrency: 8 };

  it('carries crossOriginIsolated and timerResolutionMs, which the protocol checks', () => {
    const d = describeBrowserDevice(nav, {
      name: 'pixel',
      runtimeVersion: '1.30.0',
      clock: { crossOriginIsolated: false, timerResolutionMs: 0.1 },
    });
    expect(parseDeviceDescription(d)).toMatchObject({ crossOriginIsolated: false, timerResolutionMs: 0.1 });
    expect(() => parseDeviceDescription({ ...d, crossOriginIsolated: 'no' })).toThrow(/crossOriginIsolated/);
    expect(() => parseDeviceDescription({ ...d, timerResolutionMs: -1 })).toThrow(/timerResolutionMs/);
    const without = describeBrowserDevice(nav, { name: 'old', runtimeVersion: '1.30.0' });
    expect('crossOriginIsolated' in without).toBe(false);
  });

  it('makes a result from a page that was not isolated say so, with its clock step', () => {
    const base = describeBrowserDevice(nav, { name: 'p', runtimeVersion: '1.30.0' });
    expect(isolationNote({ ...base, crossOriginIsolated: true, timerResolutionMs: 0.005 })).toBeNull();
    expect(isolationNote(base)).toBeNull();
    const note = isolationNote({ ...base, crossOriginIsolated: false, timerResolutionMs: 0.1 });
    expect(note).toMatch(/^not cross-origin isolated: .*steps of 100 µs.*memnas serve --tls/);
  });
});
