import { describe, expect, it } from 'vitest';
import {
  assembleBrowserResult,
  latencyDrift,
  WASM_HEAP_NOTE,
} from '../../../profiler-agent/browser/assemble.ts';
import { describeBrowserDevice } from '../../../profiler-agent/browser/device.ts';
import type { BrowserMeasureOutcome } from '../../../profiler-agent/browser/measure-batch.ts';
import { sha256 } from '../../../profiler-agent/browser/sha256.ts';
import { parseProfileResult } from '../../../profiler-agent/protocol.ts';

const device = describeBrowserDevice(
  { userAgent: 'TestBrowser/1.0', hardwareConcurrency: 8, platform: 'Linux x86_64' },
  { name: 'phone', runtimeVersion: '1.30.0' },
);
const MODEL = new Uint8Array([1, 2, 3, 4]);
const SPEC = { batches: [1, 64, 256], runs: 50, warmup: 5, timeoutMs: 60_000 };

function outcome(batch: number, peakBytes: number, p50 = 1): BrowserMeasureOutcome {
  const latenciesMs = Array.from({ length: 50 }, (_, i) => p50 + i / 100);
  return {
    measurement: {
      batch,
      baselineBytes: 9 * 2 ** 20,
      peakBytes,
      loadPeakBytes: Math.min(peakBytes, 50_000),
      runPeakBytes: peakBytes,
      reservedPeakBytes: peakBytes > 2 ** 20 ? 4 * 2 ** 20 : 0,
      loadMs: 5,
      latencyMs: { first: 3, p50, p90: p50 + 0.4, p99: p50 + 0.49, mean: p50 + 0.25, std: 0.1 },
      latenciesMs,
    },
    runtime: { name: 'ort-web', version: '1.30.0' },
  };
}

describe('assembleBrowserResult', () => {
  it('fits fixed and per-sample bytes over the batches and passes the protocol validator', () => {
    const result = parseProfileResult(
      assembleBrowserResult(MODEL, device, SPEC, [
        outcome(1, 10_000),
        outcome(64, 6_553_600),
        outcome(256, 26_214_400),
      ]),
    );
    expect(result.memory.method).toBe('wasm-heap');
    expect(result.memory.perSampleBytes).toBeGreaterThan(100_000);
    expect(result.memory.samples.map((s) => s.batch)).toEqual([1, 64, 256]);
    expect(result.peakMemoryBytes).toBe(10_000);
    expect(result.batches.map((b) => b.reservedPeakBytes)).toEqual([0, 4 * 2 ** 20, 4 * 2 ** 20]);
    expect(result.batches[2]!.loadPeakBytes).toBe(50_000);
    expect(result.modelSha256).toBe(sha256(MODEL));
    expect(result.latencyBatch).toBe(1);
    expect(result.notes[0]).toBe(WASM_HEAP_NOTE);
    expect(result.notes.join('\n')).toMatch(/intraOpNumThreads 1 was applied as env.wasm.numThreads/);
    expect(result.notes.join('\n')).toMatch(/fixed part is below zero/);
  });

  it('extrapolates batch 1 from the fit when it was not measured, and flags few runs', () => {
    const result = assembleBrowserResult(MODEL, device, { ...SPEC, batches: [64, 256], runs: 10 }, [
      outcome(64, 6_400_000, 2),
      outcome(256, 25_600_000, 5),
    ]);
    expect(result.latencyBatch).toBe(64);
    expect(result.latencyMs.p50).toBe(2);
    expect(result.peakMemoryBytes).toBe(100_000);
    expect(result.notes.join('\n')).toMatch(
      /batch 1 was not measured: peakMemoryBytes is the fit at batch 1/,
    );
    expect(result.notes.join('\n')).toMatch(/only 10 timed runs/);
  });

  it('has no fit with a single batch size', () => {
    const result = assembleBrowserResult(MODEL, device, { ...SPEC, batches: [1] }, [outcome(1, 0)]);
    expect(result.memory.fit).toBeNull();
    expect(result.memory.fixedBytes).toBeNull();
  });
});

describe('describeBrowserDevice', () => {
  it('describes the browser: user agent for the CPU, cores, device memory, platform, wasm32, ort-web', () => {
    const d = describeBrowserDevice(
      {
        userAgent: 'Mozilla/5.0 (Linux; Android 14)',
        hardwareConcurrency: 8,
        deviceMemory: 4,
        platform: 'Linux armv8l',
        userAgentData: { platform: 'Android' },
      },
      { name: 'pixel', tags: ['phone'], runtimeVersion: '1.30.0' },
    );
    expect(d).toMatchObject({
      name: 'pixel',
      tags: ['phone'],
      cpuModel: 'browser: Mozilla/5.0 (Linux; Android 14)',
      cores: 8,
      memoryBytes: 4 * 2 ** 30,
      os: 'Android',
      arch: 'wasm32',
      runtime: { name: 'ort-web', version: '1.30.0' },
    });
    expect(d.sessionOptions.intraOpNumThreads).toBe(1);
  });

  it('falls back where a browser hides a field', () => {
    const d = describeBrowserDevice({ userAgent: 'Safari' }, { name: 'ipad', runtimeVersion: '1.30.0' });
    expect(d).toMatchObject({ cores: 1, memoryBytes: 0, os: 'unknown', tags: [] });
  });
});

describe('latencyDrift', () => {
  it('flags timed runs whose second half is much faster or slower than the first', () => {
    const steady = Array.from({ length: 50 }, (_, i) => 2 + (i % 5) / 100);
    expect(latencyDrift(steady)).toBeNull();
    const tieredUp = [...Array.from({ length: 25 }, () => 7), ...Array.from({ length: 25 }, () => 2.6)];
    expect(latencyDrift(tieredUp)).toEqual({ first: 7, second: 2.6 });
    const result = assembleBrowserResult(MODEL, device, { ...SPEC, batches: [1] }, [
      { ...outcome(1, 0), measurement: { ...outcome(1, 0).measurement, latenciesMs: tieredUp } },
    ]);
    expect(result.notes.join('\n')).toMatch(
      /batch 1: the timed runs' median moved from 7\.000 ms .* to 2\.600 ms .*more warm-up/,
    );
  });
});
