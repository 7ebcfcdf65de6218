// A set of models is measured in passes — every model once, then every model again — so that a
// model's measurements are spread over the run instead of sharing one slow phase of the machine.
import { describe, expect, it } from 'vitest';
import { type Measured, measureInPasses } from '../../../app/calibrate/passes.ts';
import { measureSet } from '../../../app/calibrate/run-calibration.ts';
import type { CalibrationTarget } from '../../../app/calibrate/target.ts';
import type { ProfileResult } from '../../../profiler-agent/protocol.ts';

const REQUEST = { batches: [1], runs: 1, warmup: 0 };
const models = ['a', 'b', 'c'].map((name, i) => ({ name, bytes: new Uint8Array([i]) }));

/** A target that logs which model it profiled and returns p50 = `p50(call)`. */
function loggingTarget(p50: (call: number) => number): CalibrationTarget & { log: number[] } {
  const t = {
    name: 'fake',
    runtime: 'ort-node',
    log: [] as number[],
    profile: (bytes: Uint8Array) => {
      const call = t.log.push(bytes[0]!) - 1;
      const ms = p50(call);
      const latencyMs = { first: ms, p50: ms, p90: ms, p99: ms, mean: ms, std: 0 };
      const batch = {
        batch: 1,
        baselineBytes: 0,
        peakBytes: 1000 + call,
        loadMs: 1,
        latencyMs,
        latenciesMs: [ms],
      };
      return Promise.resolve({
        batches: [batch],
        memory: { method: 'vmhwm-reset' },
      } as unknown as ProfileResult);
    },
  };
  return t;
}

describe('measureInPasses', () => {
  it('measures every model once per pass, in the same order each pass', async () => {
    const t = loggingTarget(() => 1);
    const seen: Measured[] = [];
    const results = await measureInPasses(t, models, REQUEST, { passes: 3, onMeasured: (m) => seen.push(m) });
    expect(t.log).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(results.map((r) => r.length)).toEqual([3, 3, 3]);
    expect(seen.map((m) => `${m.pass}:${m.name}`)).toEqual([
      '0:a',
      '0:b',
      '0:c',
      '1:a',
      '1:b',
      '1:c',
      '2:a',
      '2:b',
      '2:c',
    ]);
  });

  it('takes only what the store does not hold, and stores each measurement at once', async () => {
    const stored = new Map<string, readonly ProfileResult[]>();
    const store = {
      get: (n: string) => stored.get(n),
      put: (n: string, _b: Uint8Array, r: readonly ProfileResult[]) => void stored.set(n, [...r]),
    };
    const first = loggingTarget(() => 1);
    await measureInPasses(first, models, REQUEST, { passes: 1, store });
    const second = loggingTarget(() => 1);
    await measureInPasses(second, models, REQUEST, { passes: 2, store });
    expect(second.log).toEqual([0, 1, 2]);
    expect([...stored.values()].map((r) => r.length)).toEqual([2, 2, 2]);
  });
});

describe('measureSet', () => {
  it('keeps a model out of a slow phase that lasts a pass: its lowest p50 comes from another pass', async () => {
    // Calls 0–2 (the whole first pass) run twice as slow; back to back, model a would have had
    // all three of its measurements there.
    const t = loggingTarget((call) => (call < 3 ? 2 : 1));
    const merged = await measureSet(t, models, REQUEST);
    expect(merged.map((m) => m.batches[0]!.latencyMs.p50)).toEqual([1, 1, 1]);
    expect(merged.map((m) => m.batches[0]!.peakBytes)).toEqual([1006, 1007, 1008]);
  });
});
