import { describe, expect, it } from 'vitest';
import type { BatchMeasurement, ProfileResult } from '../../profiler-agent/protocol.ts';
import { formatBytes, formatProfile } from '../../profiler-agent/report.ts';
import { device, fakeResult, tinyModel } from '../devices/helpers/fixtures.ts';

const latencyMs = { first: 9, p50: 1, p90: 1.5, p99: 2, mean: 1.1, std: 0.2 };

const batch = (n: number, peakBytes: number, codeBytes?: number): BatchMeasurement => ({
  batch: n,
  baselineBytes: 5e7,
  peakBytes,
  ...(codeBytes === undefined ? {} : { codeBytes }),
  loadMs: 3,
  latencyMs,
  latenciesMs: [1],
});

const result = (batches: BatchMeasurement[]): ProfileResult => ({
  ...fakeResult(tinyModel(), device('pi5')),
  peakMemoryBytes: batches[0]!.peakBytes,
  batches,
});

describe('formatProfile', () => {
  it("shows how much of each batch's peak is the runtime's code, where the agent measured it", () => {
    const text = formatProfile(
      result([batch(1, 831_000, 672_000), batch(8, 1_370_000, 655_000)]),
      'net.onnx',
    );
    const rows = text.split('\n');
    const header = rows.find((r) => r.startsWith('batch'))!;
    expect(header).toMatch(/peak memory\s+of it runtime code\s+p50 latency/);
    expect(rows.find((r) => r.startsWith('1 '))).toMatch(/831 KB\s+672 KB\s+1\.00 ms/);
    expect(rows.find((r) => r.startsWith('8 '))).toMatch(/1\.37 MB\s+655 KB/);
  });

  it('leaves the column out when no batch carries it (browser agents, macOS, older agents)', () => {
    const text = formatProfile(result([batch(1, 831_000), batch(8, 1_370_000)]));
    expect(text).not.toContain('runtime code');
    expect(text).toMatch(/batch\s+peak memory\s+p50 latency\s+load/);
  });

  it("marks every latency of an emulated device as the emulator's, and no other figure", () => {
    const base = result([batch(1, 831_000)]);
    const text = formatProfile({ ...base, device: { ...base.device, emulated: true } }, 'net.onnx');
    expect(text.split('\n')[0]).toContain("on 'pi5' (emulated):");
    expect(text).toMatch(/latency p50 \/ p90 \/ p99 \(batch \d+\)\s+.* ms \(emulated\)/);
    expect(text).toMatch(/1\.00 ms \(emulated\)/);
    expect(text).not.toMatch(/831 KB \(emulated\)/);
    expect(formatProfile(base)).not.toContain('emulated');
  });

  it('prints bytes in decimal units', () => {
    expect(formatBytes(640 * 1024)).toBe('655 KB');
    expect(formatBytes(999)).toBe('999 B');
  });
});
