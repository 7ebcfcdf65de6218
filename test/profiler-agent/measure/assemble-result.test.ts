import { describe, expect, it } from 'vitest';
import { MIN_RUNS } from '../../../profiler-agent/defaults.ts';
import { assembleProfile, type ProfileParts } from '../../../profiler-agent/measure/assemble-result.ts';
import { parseProfileResult, type BatchMeasurement } from '../../../profiler-agent/protocol.ts';
import { describeBrowserDevice } from '../../../profiler-agent/browser/device.ts';

const device = describeBrowserDevice(
  { userAgent: 'TestBrowser/1.0', hardwareConcurrency: 8, platform: 'Linux x86_64' },
  { name: 'phone', runtimeVersion: '1.30.0' },
);

function batch(n: number, peakBytes: number, p50 = 1): BatchMeasurement {
  return {
    batch: n,
    baselineBytes: 1000,
    peakBytes,
    loadMs: 5 * n,
    latencyMs: { first: 3, p50, p90: p50 + 0.4, p99: p50 + 0.49, mean: p50 + 0.25, std: 0.1 },
    latenciesMs: [p50],
  };
}

const parts = (over: Partial<ProfileParts>): ProfileParts => ({
  modelSha256: 'a'.repeat(64),
  modelBytes: 4,
  device,
  spec: { batches: [1, 8, 32], runs: MIN_RUNS, warmup: 5, timeoutMs: 60_000 },
  batches: [batch(1, 1_100), batch(8, 1_800), batch(32, 4_200)],
  runtime: { name: device.runtime.name, version: device.runtime.version },
  method: 'vmhwm-reset',
  notes: ['method note'],
  stepCause: 'STEP CAUSE',
  negativeFixedCause: 'NEGATIVE CAUSE',
  ...over,
});

describe('assembleProfile', () => {
  it('fits fixed + per-sample bytes, reports batch 1 and keeps the method notes first', () => {
    const r = parseProfileResult(assembleProfile(parts({})));
    expect(r.peakMemoryBytes).toBe(1_100);
    expect(r.latencyBatch).toBe(1);
    expect(r.memory.perSampleBytes).toBe(100);
    expect(r.memory.fixedBytes).toBe(1_000);
    expect(r.notes).toEqual(['method note']);
  });

  it('falls back to the fit at batch 1 when batch 1 was not measured, and says so', () => {
    const r = assembleProfile(
      parts({
        spec: { batches: [8, 32], runs: MIN_RUNS, warmup: 5, timeoutMs: 60_000 },
        batches: [batch(8, 1_800), batch(32, 4_200)],
      }),
    );
    expect(r.peakMemoryBytes).toBe(1_100);
    expect(r.latencyBatch).toBe(8);
    expect(r.notes).toContain('batch 1 was not measured: peakMemoryBytes is the fit at batch 1');
  });

  it('names the step cause, a negative fixed part, few runs and a runtime mismatch', () => {
    const r = assembleProfile(
      parts({
        spec: { batches: [1, 8, 32], runs: 3, warmup: 1, timeoutMs: 60_000 },
        batches: [batch(1, 0), batch(8, 0), batch(32, 9_000)],
        runtime: { name: 'ort-node', version: '0.0.1' },
      }),
    );
    const text = r.notes.join('\n');
    expect(text).not.toMatch(/not linear/);
    const stepped = assembleProfile(parts({ batches: [batch(1, 1_000), batch(8, 9_000), batch(32, 1_000)] }));
    expect(stepped.notes.join('\n')).toMatch(/not linear in the batch size \(r² = [0-9.]+\): STEP CAUSE/);
    expect(text).toMatch(/fixed part is below zero: NEGATIVE CAUSE/);
    expect(text).toMatch(/only 3 timed runs/);
    expect(text).toMatch(/measured with ort-node 0\.0\.1, not the device's/);
  });
});
