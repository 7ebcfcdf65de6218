// An emulated device (qemu: `memnas-agent agent --emulated`) calibrates memory only: its timings
// are the emulator's, so no latency is fitted from them, held out, or predicted by estimate.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCalibration } from '../../../app/calibrate/run-calibration.ts';
import { saveCalibration } from '../../../app/calibrate/store.ts';
import type { CalibrationTarget } from '../../../app/calibrate/target.ts';
import { predictOnDevice } from '../../../app/estimate/estimate.ts';
import type { ProfileResult } from '../../../profiler-agent/protocol.ts';
import { wideActivationModel } from '../../profiler-agent/fixtures.ts';
import { calibrationRecord } from './helpers/calibration-record.ts';

const home = mkdtempSync(join(tmpdir(), 'memnas-emulated-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A device whose peak and latency grow with the model's size; `emulated` as it reports itself. */
function fakeTarget(name: string, emulated: boolean): CalibrationTarget {
  return {
    name,
    runtime: 'ort-node',
    profile: (onnx, request) => {
      const batches = request.batches.map((b) => {
        const peak = 500_000 + onnx.length * 3 + b * 40_000;
        const p50 = 0.1 + onnx.length / 1e5 + b / 100;
        return {
          batch: b,
          baselineBytes: 1e8,
          peakBytes: peak,
          loadPeakBytes: peak / 2,
          runPeakBytes: peak,
          loadMs: 1,
          latencyMs: { first: p50, p50, p90: p50, p99: p50, mean: p50, std: 0 },
          latenciesMs: [p50],
        };
      });
      const device = { name, ...(emulated ? { emulated: true } : {}) };
      return Promise.resolve({
        batches,
        device,
        memory: { method: 'vmhwm-reset' },
      } as unknown as ProfileResult);
    },
  };
}

describe('calibrating an emulated device', () => {
  it('fits memory and no latency; a real device with the same figures gets both', async () => {
    const emulated = await runCalibration(fakeTarget('pi-emu', true), { models: 8, seed: 1 });
    expect(emulated.fit.latency).toBeNull();
    expect(emulated.fit.points.every((p) => p.latencyMs === null)).toBe(true);
    expect(emulated.heldOut.latency.count).toBe(0);
    expect(emulated.heldOut.memory.count).toBeGreaterThan(0);
    expect(emulated.fit.memory.coefficients.some((c) => c > 0)).toBe(true);

    const real = await runCalibration(fakeTarget('pi5', false), { models: 8, seed: 1 });
    expect(real.fit.latency).not.toBeNull();
    expect(real.heldOut.latency.count).toBeGreaterThan(0);
  });

  it('estimate predicts no latency from an emulated calibration, even one that holds a latency fit', async () => {
    const real = await runCalibration(fakeTarget('pi5', false), { models: 8, seed: 1 });
    const saved = process.env.MEMNAS_HOME;
    process.env.MEMNAS_HOME = home;
    try {
      saveCalibration(calibrationRecord('old-emu', { emulated: true }, real.fit));
      saveCalibration(calibrationRecord('pi5', {}, real.fit));
      const model = join(home, 'wide.onnx');
      writeFileSync(model, wideActivationModel());
      const fromEmulated = await predictOnDevice(model, 'old-emu', 1);
      expect(fromEmulated.predictedLatencyMs).toBeNull();
      expect(fromEmulated.calibration.emulated).toBe(true);
      expect(fromEmulated.predictedPeakMemoryBytes).toBeGreaterThan(0);
      const fromReal = await predictOnDevice(model, 'pi5', 1);
      expect(fromReal.predictedLatencyMs).toBeGreaterThan(0);
      expect(fromReal.calibration.emulated).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.MEMNAS_HOME;
      else process.env.MEMNAS_HOME = saved;
    }
  });
});
