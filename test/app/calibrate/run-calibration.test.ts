// How a calibration measures one model: the highest peaks of three measurements (on Node the
// peak comes in two modes ~5% apart from process to process) with the lowest p50 (another
// process's time slices only ever add to a run), on Node and in the browser alike.
import { describe, expect, it } from 'vitest';
import {
  MEASUREMENTS_PER_MODEL,
  pointsOf,
  profileForCalibration,
} from '../../../app/calibrate/run-calibration.ts';
import type { CalibrationTarget } from '../../../app/calibrate/target.ts';
import type { BatchMeasurement, ProfileResult } from '../../../profiler-agent/protocol.ts';

function batch(b: number, peak: number, load: number, p50: number): BatchMeasurement {
  return {
    batch: b,
    baselineBytes: 1e8,
    peakBytes: peak,
    loadPeakBytes: load,
    runPeakBytes: peak,
    loadMs: 3,
    latencyMs: { first: 2 * p50, p50, p90: p50, p99: p50, mean: p50, std: 0 },
    latenciesMs: [p50],
  };
}

/** A target whose successive profiles return the given batch-1 and batch-8 measurements. */
function target(
  runtime: string,
  profiles: [BatchMeasurement, BatchMeasurement][],
): CalibrationTarget & {
  calls: number;
} {
  const t = {
    name: 'fake',
    runtime,
    calls: 0,
    profile: async () => {
      const batches = profiles[t.calls++ % profiles.length]!;
      return { batches, memory: { method: 'vmhwm-reset' } } as unknown as ProfileResult;
    },
  };
  return t;
}

describe('profileForCalibration', () => {
  it('on Node takes the highest peaks of three processes and the lowest p50', async () => {
    const t = target('ort-node', [
      [batch(1, 3_900_000, 2_100_000, 0.5), batch(8, 5_000_000, 2_100_000, 3)],
      [batch(1, 4_100_000, 2_000_000, 0.7), batch(8, 4_900_000, 2_200_000, 4)],
      [batch(1, 3_910_000, 2_150_000, 0.6), batch(8, 5_100_000, 2_050_000, 2)],
    ]);
    expect(MEASUREMENTS_PER_MODEL).toBe(3);
    const { batches } = await profileForCalibration(t, new Uint8Array(1), {
      batches: [1, 8],
      runs: 1,
      warmup: 0,
    });
    expect(t.calls).toBe(3);
    expect(
      batches.map((b) => [b.batch, b.peakBytes, b.loadPeakBytes, b.runPeakBytes, b.latencyMs.p50]),
    ).toEqual([
      [1, 4_100_000, 2_150_000, 4_100_000, 0.5],
      [8, 5_100_000, 2_200_000, 5_100_000, 2],
    ]);
    expect(pointsOf('m', {} as never, { batches }).map((p) => [p.batch, p.peakBytes, p.latencyMs])).toEqual([
      [1, 4_100_000, 0.5],
      [8, 5_100_000, 2],
    ]);
  });

  it('in the browser measures three times too: its p50 varies though its heap mark does not', async () => {
    const t = target('ort-web', [
      [batch(1, 300_000, 200_000, 0.3), batch(8, 600_000, 200_000, 1.2)],
      [batch(1, 300_000, 200_000, 0.2), batch(8, 600_000, 200_000, 1)],
      [batch(1, 300_000, 200_000, 0.25), batch(8, 600_000, 200_000, 1.1)],
    ]);
    const { batches } = await profileForCalibration(t, new Uint8Array(1), {
      batches: [1, 8],
      runs: 1,
      warmup: 0,
    });
    expect(t.calls).toBe(3);
    expect(batches.map((b) => [b.peakBytes, b.latencyMs.p50])).toEqual([
      [300_000, 0.2],
      [600_000, 1],
    ]);
  });
});
