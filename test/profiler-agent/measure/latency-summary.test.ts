import { describe, expect, it } from 'vitest';
import { summarizeLatency } from '../../../profiler-agent/measure/latency-summary.ts';
import { latencySchema } from '../../../profiler-agent/protocol/result.ts';

describe('summarizeLatency', () => {
  it('keeps the first run apart and names the estimator and its blocks', () => {
    const s = summarizeLatency(12, [1, 2, 3, 4]);
    expect(s).toEqual({
      first: 12,
      p50: 2.5,
      p90: expect.closeTo(3.7, 10),
      p99: expect.closeTo(3.97, 10),
      mean: 2.5,
      std: expect.closeTo(Math.sqrt(5 / 3), 10),
      estimator: 'median-of-block-minimums',
      blocks: [1, 1, 1, 1],
      blockMinimaMs: [1, 2, 3, 4],
      runsP50: 2.5,
    });
  });

  it('keeps p50 under an injected slow stretch, where the runs’ median moves', () => {
    // 50 runs jittered over 0.40–0.50 ms; then the same runs with half of them (runs 10–34: two
    // and a half blocks) 2.5× slower, as when another process shared the core's cache for a
    // stretch of the measurement. Plain p50 moves far beyond ±10%; the estimator stays.
    const clean = Array.from({ length: 50 }, (_, i) => 0.4 + (0.1 * ((i * 37) % 50)) / 50);
    const slowed = clean.map((x, i) => (i >= 10 && i < 35 ? 2.5 * x : x));
    const a = summarizeLatency(3, clean);
    const b = summarizeLatency(3, slowed);
    expect(b.blocks).toEqual([10, 10, 10, 10, 10]);
    expect(Math.abs(b.p50 - a.p50) / a.p50).toBeLessThan(0.05);
    expect(b.runsP50! / a.runsP50!).toBeGreaterThan(1.5);
    // The runs' median of the slowed runs: were it reported as p50, this test would fail.
    expect(b.p50).not.toBeCloseTo(b.runsP50!, 1);
  });

  it('puts CPU time beside wall time when given', () => {
    const s = summarizeLatency(2, [1, 1.2, 1.1, 3, 1], [0.9, 1.1, 1, 1, 0.9]);
    expect(s.cpuP50).toBeCloseTo(1, 12);
    expect(s.cpuMean).toBeCloseTo(0.98, 12);
    expect(summarizeLatency(2, [1, 2]).cpuP50).toBeUndefined();
  });

  it('is a valid latency summary of the protocol', () => {
    const runs = Array.from({ length: 50 }, (_, i) => 0.3 + ((i * 37) % 11) / 100);
    expect(latencySchema.safeParse(summarizeLatency(1, runs, runs)).success).toBe(true);
  });
});
