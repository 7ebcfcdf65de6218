// A device's latency in the search: the oracle predicts from the line through its measurements
// until a calibration with a latency fit is there, a measured network is known by its measurement,
// and an emulated device is refused under --latency-budget before anything is measured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveCalibration } from '../../../app/calibrate/store.ts';
import {
  calibrationLatencyPredictor,
  candidateKernels,
  deviceLatency,
  isEmulated,
} from '../../../app/search/device-latency.ts';
import { runtimeKernelTable } from '../../../search/calibration/runtime-kernels.ts';
import { deviceOracle, devicePeakMeasurer, peakMeasurementOf } from '../../../app/search/device-oracle.ts';
import type { ProfileResult } from '../../../profiler-agent/protocol.ts';
import { randomWeights } from '../../../search/architecture/random-weights.ts';
import { fitCalibration, predictLatencyMs } from '../../../search/calibration/model.ts';
import { exportArchitecture } from '../../../exporter/export-model.ts';
import { onnxFigures } from '../../../exporter/onnx/analysis/onnx-figures.ts';
import { calibrationFigures, kernelTable } from '../../../app/calibrate/kernel-figures.ts';
import { isMemnasError } from '../../../search/errors.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { seedCandidates } from '../../../search/space/grow-trim.ts';
import { calibrationRecord } from '../calibrate/helpers/calibration-record.ts';

const space = { shape: [8, 8, 1] as [number, number, number], classes: 3 };
const [a, b] = seedCandidates(4).map((c, i) => buildArchitecture(c.genotype, space, `s${i}`));

describe('device latency', () => {
  it("reads the fused kernels of the search's own lean export (its node order aside)", () => {
    for (const arch of [a!, b!]) {
      const exported = kernelTable(exportArchitecture(arch, randomWeights(arch, 0)).bytes);
      expect(candidateKernels(arch)).toEqual(exported);
    }
  });

  it('predicts nothing before a measurement, then the measured p50 of a measured structure and a line for the rest', async () => {
    const oracle = deviceOracle('board', async (onnx) => ({ peakBytes: 10 * onnx.length, latencyMs: 0.4 }), {
      calibration: null,
    });
    expect(oracle.latency.predictor).toBe('line');
    expect(oracle.latency.predict(a!)).toBeNull();
    await oracle.measure(a!, randomWeights(a!, 0));
    const renamed = { ...a!, name: 'other-name' };
    expect(oracle.latency.measured(renamed)).toBe(0.4);
    expect(oracle.latency.predict(renamed)).toBe(0.4);
    expect(oracle.latency.measured(b!)).toBeNull();
    expect(oracle.latency.predict(b!)).toBeGreaterThan(0);
  });

  it("predicts from a calibration's latency fit when it has one", () => {
    const points = [a!, b!].map((arch, i) => ({
      model: arch.name,
      figures: calibrationFigures(exportArchitecture(arch, randomWeights(arch, 0)).bytes),
      batch: 1,
      peakBytes: 1e6 + i * 1e5,
      latencyMs: 0.5 + 0.1 * i,
    }));
    const fit = fitCalibration(points);
    const oracle = deviceOracle('board', async () => 1, {
      calibration: calibrationRecord('board', {}, fit),
      persist: false,
    });
    expect(oracle.latency.predictor).toBe('calibration');
    // The memory oracle's figures carry no kernel table: the predictor adds the candidate's own,
    // the same as `estimate` reads from the exported file.
    const predicted = oracle.latency.predict(a!)!;
    expect(predicted).toBeCloseTo(predictLatencyMs(fit, points[0]!.figures, 1)!, 9);
    expect(predicted).toBeGreaterThan(0.45);
    expect(predicted).toBeLessThan(0.65);
  });

  it('predicts nothing from a calibration whose points carry no fused-kernel table (before version 3)', () => {
    const fit = fitCalibration([
      {
        model: 'm',
        figures: onnxFigures(exportArchitecture(a!, randomWeights(a!, 0)).bytes),
        batch: 1,
        peakBytes: 1e6,
        latencyMs: 0.5,
      },
    ]);
    expect(fit.latency).toBeNull();
  });

  it('refuses --latency-budget against a device whose calibration says it is emulated', async () => {
    expect(isEmulated({ emulated: true })).toBe(true);
    expect(isEmulated({ name: 'pi' })).toBe(false);
    expect(isEmulated(undefined)).toBe(false);
    const home = mkdtempSync(join(tmpdir(), 'memnas-emulated-'));
    const saved = process.env.MEMNAS_HOME;
    process.env.MEMNAS_HOME = home;
    try {
      const fit = fitCalibration([
        {
          model: 'm',
          figures: onnxFigures(exportArchitecture(a!, randomWeights(a!, 0)).bytes),
          batch: 1,
          peakBytes: 1e6,
          latencyMs: null,
        },
      ]);
      const record = calibrationRecord('qemu-pi', {}, fit);
      saveCalibration({ ...record, device: { ...record.device, emulated: true } as typeof record.device });
      const refused = await devicePeakMeasurer('qemu-pi', 'http://127.0.0.1:9', 't', () => {}, {
        latency: true,
      }).catch((e: unknown) => e);
      expect(isMemnasError(refused) && refused.code).toBe('USAGE');
      expect((refused as Error).message).toMatch(
        /^device 'qemu-pi' is emulated \(emulated: true\).*--latency-budget/,
      );
      // Without a latency budget the same device is fine (memory only).
      await expect(devicePeakMeasurer('qemu-pi', 'http://127.0.0.1:9', 't')).resolves.toBeTypeOf('function');
    } finally {
      if (saved === undefined) delete process.env.MEMNAS_HOME;
      else process.env.MEMNAS_HOME = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("records no p50 from an emulated device's profile (the emulator's timing), and the peak as measured", () => {
    const result = (emulated: boolean): ProfileResult =>
      ({
        peakMemoryBytes: 1_500_000,
        device: { name: 'pi-emu', arch: 'arm64', ...(emulated ? { emulated: true } : {}) },
        batches: [{ batch: 1, loadPeakBytes: 400_000, runPeakBytes: 1_500_000, latencyMs: { p50: 24.1 } }],
      }) as unknown as ProfileResult;
    expect(peakMeasurementOf(result(false))).toEqual({
      peakBytes: 1_500_000,
      loadPeakBytes: 400_000,
      runPeakBytes: 1_500_000,
      latencyMs: 24.1,
    });
    expect(peakMeasurementOf(result(true))).toEqual({
      peakBytes: 1_500_000,
      loadPeakBytes: 400_000,
      runPeakBytes: 1_500_000,
    });
  });

  it("reads the device runtime's kernels once prepared, when the calibration fitted them", async () => {
    const reorders = (n: number) =>
      runtimeKernelTable(
        Array.from({ length: n }, () => ({
          op: 'ReorderOutput',
          domain: 'com.microsoft.nchwc',
          activation: '',
          reorderBytes: 4096,
        })),
      );
    const tables = new Map([
      [a!, reorders(2)],
      [b!, reorders(12)],
    ]);
    const points = [a!, b!].map((arch, i) => ({
      model: arch.name,
      figures: {
        ...calibrationFigures(exportArchitecture(arch, randomWeights(arch, 0)).bytes),
        runtimeKernels: tables.get(arch)!,
      },
      batch: 1,
      peakBytes: 1e6,
      latencyMs: 0.3 + 0.4 * i,
    }));
    const fit = fitCalibration(points);
    expect(fit.runtimeLatency).not.toBeNull();
    const asked: string[] = [];
    // The search's candidate b, as the runtime runs it: many more reorders than the file shows.
    const runtimeTables = async (arch: typeof a) => {
      asked.push(arch!.name);
      return arch === b ? reorders(40) : null;
    };
    const figuresOf = (arch: typeof a) =>
      onnxFigures(exportArchitecture(arch!, randomWeights(arch!, 0)).bytes);
    const predictor = calibrationLatencyPredictor(() => fit, figuresOf, candidateKernels, runtimeTables);
    const fileLevel = predictLatencyMs({ ...fit, runtimeLatency: null }, points[1]!.figures, 1)!;
    expect(predictor.predict(b!)).toBeCloseTo(fileLevel, 9);
    const { oracle } = deviceLatency(predictor);
    await oracle.prepare!(b!);
    await oracle.prepare!(b!);
    expect(asked).toEqual([b!.name]);
    const withRuntime = predictLatencyMs(fit, { ...points[1]!.figures, runtimeKernels: reorders(40) }, 1)!;
    expect(predictor.predict(b!)).toBeCloseTo(withRuntime, 9);
    expect(withRuntime).toBeGreaterThan(fileLevel * 1.1);
    // A calibration without the runtime's kernels asks nothing.
    const plain = calibrationLatencyPredictor(
      () => ({ ...fit, runtimeLatency: null }),
      figuresOf,
      candidateKernels,
      runtimeTables,
    );
    await plain.prepare!(a!);
    expect(asked).toEqual([b!.name]);
  });
});
