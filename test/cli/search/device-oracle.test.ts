import { describe, expect, it } from 'vitest';
import { randomWeights } from '../../../search/architecture/random-weights.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { seedCandidates } from '../../../search/space/grow-trim.ts';
import { deviceOracle, devicePeakMeasurer, fitDeviceMemory } from '../../../cli/search/device-oracle.ts';
import { exportArchitecture } from '../../../exporter/export-model.ts';
import { onnxFigures } from '../../../cli/calibrate/onnx-figures.ts';
import { type CalibrationPoint, fitCalibration } from '../../../search/calibration/model.ts';
import { calibrationRecord as testRecord } from '../calibrate/helpers/calibration-record.ts';
import { type CalibrationRecord, loadCalibration, saveCalibration } from '../../../cli/calibrate/store.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A stored calibration of `name`, fitted to `points`, with the device fields a test sets. */
function calibrationRecord(
  name: string,
  device: Partial<CalibrationRecord['device']>,
  points: CalibrationPoint[],
): CalibrationRecord {
  return testRecord(name, device, fitCalibration(points));
}

/** Runs `body` with MEMNAS_HOME pointing at a fresh temporary folder, removed afterwards. */
async function withMemnasHome(prefix: string, body: () => Promise<void>): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const saved = process.env.MEMNAS_HOME;
  process.env.MEMNAS_HOME = home;
  try {
    await body();
  } finally {
    if (saved === undefined) delete process.env.MEMNAS_HOME;
    else process.env.MEMNAS_HOME = saved;
    rmSync(home, { recursive: true, force: true });
  }
}

describe('device memory oracle', () => {
  it('fits measured ≈ fixed + slope·analytic, and a ratio from one point', () => {
    const one = fitDeviceMemory([{ analytic: 100, measured: 1000 }]);
    expect(one(200)).toBe(2000);
    const line = fitDeviceMemory([
      { analytic: 100, measured: 1100 },
      { analytic: 200, measured: 1200 },
      { analytic: 300, measured: 1300 },
    ]);
    expect(line(400)).toBeCloseTo(1400);
    // Never predicts less than the analytic figure.
    expect(
      fitDeviceMemory([
        { analytic: 100, measured: 50 },
        { analytic: 200, measured: 60 },
      ])(1000),
    ).toBeGreaterThanOrEqual(1000);
  });

  it('predicts from its measurements once it has one, and names the device when a measurement fails', async () => {
    const space = { shape: [8, 8, 1] as [number, number, number], classes: 3 };
    const [a, b] = seedCandidates(4).map((c) => buildArchitecture(c.genotype, space));
    let fail = false;
    const oracle = deviceOracle(
      'board-7',
      async (onnx) => {
        if (fail) throw new Error('connection refused');
        return 10 * onnx.length;
      },
      { calibration: null },
    );
    const before = oracle.estimate(a!);
    expect(before.source).toBe('analytic');
    const measured = await oracle.measure!(a!, randomWeights(a!, 0));
    expect(measured).toBeGreaterThan(0);
    const after = oracle.estimate(b!);
    expect(after.source).toBe('device');
    expect(after.totalBytes).toBe(after.paramBytes + after.peakActivationBytes);
    fail = true;
    await expect(oracle.measure!(b!, randomWeights(b!, 0))).rejects.toThrow(
      /on device 'board-7' failed: connection refused/,
    );
  });

  it('predicts from a stored calibration before any measurement, and refines it with each one', async () => {
    const space = { shape: [8, 8, 1] as [number, number, number], classes: 3 };
    const archs = seedCandidates(4)
      .slice(0, 6)
      .map((c, i) => buildArchitecture(c.genotype, space, `seed-${i}`));
    // A synthetic device: 1 MB + 3 bytes per parameter byte + 2 bytes per activation byte.
    const peakOf = (bytes: Uint8Array): number => {
      const f = onnxFigures(bytes);
      return 1e6 + 3 * f.paramBytes + 2 * f.bestPeakBytes;
    };
    const points = archs.slice(0, 4).map((a) => {
      const bytes = exportArchitecture(a, randomWeights(a, 1)).bytes;
      return {
        model: a.name,
        figures: onnxFigures(bytes),
        batch: 1,
        peakBytes: peakOf(bytes),
        latencyMs: null,
      };
    });
    const calibration = calibrationRecord('board-8', { arch: 'arm64' }, points);
    const oracle = deviceOracle('board-8', async (onnx) => peakOf(onnx), { calibration, persist: false });
    const target = archs[5]!;
    const before = oracle.estimate(target);
    expect(before.source).toBe('device');
    const truth = peakOf(exportArchitecture(target, randomWeights(target, 0)).bytes);
    expect(Math.abs(before.totalBytes / truth - 1)).toBeLessThan(0.02);
    expect(before.totalBytes).toBe(before.paramBytes + before.peakActivationBytes);
    const measured = await oracle.measure!(archs[4]!, randomWeights(archs[4]!, 2));
    expect(measured).toBeGreaterThan(1e6);
  });

  it("refines with a measurement's load and run peaks, so the fit keeps fitting the parts apart", async () => {
    await withMemnasHome('memnas-parts-', async () => {
      const space = { shape: [8, 8, 1] as [number, number, number], classes: 3 };
      const archs = seedCandidates(4)
        .slice(0, 6)
        .map((c, i) => buildArchitecture(c.genotype, space, `seed-${i}`));
      const partsOf = (bytes: Uint8Array) => {
        const f = onnxFigures(bytes);
        const load = 2e5 + 3 * f.paramBytes;
        const run = 6e5 + f.paramBytes + 2 * f.bestPeakBytes;
        return { peakBytes: Math.max(load, run), loadPeakBytes: load, runPeakBytes: run };
      };
      const points = archs.slice(0, 4).map((a) => {
        const bytes = exportArchitecture(a, randomWeights(a, 1)).bytes;
        return { model: a.name, figures: onnxFigures(bytes), batch: 1, ...partsOf(bytes), latencyMs: null };
      });
      saveCalibration(calibrationRecord('board-9', {}, points));
      const oracle = deviceOracle('board-9', async (onnx) => partsOf(onnx));
      const weights = randomWeights(archs[4]!, 2);
      const measured = await oracle.measure!(archs[4]!, weights);
      const expected = partsOf(exportArchitecture(archs[4]!, weights).bytes);
      expect(measured).toBe(expected.peakBytes);
      const stored = loadCalibration('board-9')!;
      expect(stored.fit.points).toHaveLength(5);
      expect(stored.fit.points.at(-1)).toMatchObject(expected);
    });
  });

  it('warns once when the stored calibration was made on another setup than the device measures now', async () => {
    await withMemnasHome('memnas-drift-', async () => {
      const space = { shape: [8, 8, 1] as [number, number, number], classes: 3 };
      const arch = buildArchitecture(seedCandidates(4)[0]!.genotype, space);
      const stale = calibrationRecord(
        'local',
        { cpuModel: 'some other CPU', arch: 'arm64', runtime: { name: 'ort-node', version: '0.0.1' } },
        [
          {
            model: 'm',
            figures: onnxFigures(exportArchitecture(arch, randomWeights(arch, 0)).bytes),
            batch: 1,
            peakBytes: 1e6,
            latencyMs: null,
          },
        ],
      );
      saveCalibration(stale);
      const warnings: string[] = [];
      const measure = await devicePeakMeasurer('local', undefined, undefined, (l) => warnings.push(l));
      const bytes = exportArchitecture(arch, randomWeights(arch, 0)).bytes;
      const first = await measure(bytes);
      expect(typeof first === 'number' ? first : first.peakBytes).toBeGreaterThan(0);
      await measure(bytes);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /calibration of 'local' was made on a different setup \(runtime ort-node 0\.0\.1 → ort-node /,
      );
    });
  }, 60_000);
});
