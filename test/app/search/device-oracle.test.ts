import { describe, expect, it } from 'vitest';
import { randomWeights } from '../../../search/architecture/random-weights.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { growCandidates, seedCandidates } from '../../../search/space/grow-trim.ts';
import {
  deviceOracle,
  devicePeakMeasurer,
  fitDeviceMemory,
  noCalibrationWarning,
} from '../../../app/search/device-oracle.ts';
import type { Architecture } from '../../../search/architecture/types.ts';
import { analyticMemory } from '../../../search/loop/analytic-oracle.ts';
import { spreadProbes } from '../../../search/loop/device-line.ts';
import { exportArchitecture } from '../../../exporter/export-model.ts';
import { onnxFigures } from '../../../exporter/onnx/analysis/onnx-figures.ts';
import { type CalibrationPoint, fitCalibration } from '../../../search/calibration/model.ts';
import { calibrationRecord as testRecord } from '../calibrate/helpers/calibration-record.ts';
import { type CalibrationRecord, loadCalibration, saveCalibration } from '../../../app/calibrate/store.ts';
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
    expect(oracle.calibrated).toBe(true);
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

describe('device memory oracle without a calibration', () => {
  const space = { shape: [8, 8, 1] as [number, number, number], classes: 3 };
  const seeds = seedCandidates(4).map((c, i) => buildArchitecture(c.genotype, space, `seed-${i}`));
  const analytic = (a: Architecture): number => analyticMemory(a).totalBytes;
  /** The grow of `parent` whose analytic size is closest to `ratio` × the parent's. */
  const growAt = (parent: Architecture, ratio: number): Architecture => {
    const grows = growCandidates(seedCandidates(4)[seeds.indexOf(parent)]!.genotype).map((c, i) =>
      buildArchitecture(c.genotype, space, `grow-${i}`),
    );
    const off = (a: Architecture): number => Math.abs(analytic(a) / analytic(parent) - ratio);
    return grows.reduce((best, a) => (off(a) < off(best) ? a : best));
  };
  // Three seeds within 7% of one analytic size (avgPool+dilConv, avgPool+conv3x3, dilConv+sepConv).
  const cluster = [seeds[2]!, seeds[6]!, seeds[16]!];

  it("keeps a grow at twice the seeds' analytic size over a 3 MB budget the device overshoots", async () => {
    // The user's run: seeds measured around 1.3 MB, then a grow that measures 5.3 MB.
    const peaks = [1.3e6, 1.25e6, 1.35e6, 5.3e6];
    const oracle = deviceOracle('board-10', async () => peaks.shift()!, { calibration: null });
    expect(oracle.calibrated).toBe(false);
    expect(Math.max(...cluster.map(analytic)) / Math.min(...cluster.map(analytic))).toBeLessThan(1.1);
    for (const s of cluster) await oracle.measure(s, randomWeights(s, 0));
    const grow = growAt(cluster[0]!, 2);
    expect(analytic(grow) / analytic(cluster[0]!)).toBeCloseTo(2, 0);
    const predicted = oracle.estimate(grow);
    expect(predicted.source).toBe('device');
    expect(predicted.totalBytes).toBeGreaterThan(3e6);
    expect(predicted.totalBytes).toBe(predicted.paramBytes + predicted.peakActivationBytes);
    expect(await oracle.measure(grow, randomWeights(grow, 0))).toBe(5.3e6);
  });

  it("still predicts a candidate near the seeds' size within the budget", async () => {
    const peaks = [1.3e6, 1.25e6, 1.35e6];
    const oracle = deviceOracle('board-10', async () => peaks.shift()!, { calibration: null });
    for (const s of cluster) await oracle.measure(s, randomWeights(s, 0));
    const near = seeds[24]!; // sepConv5x5+conv3x3: 11% above the seeds' analytic size
    expect(analytic(near) / analytic(cluster[2]!)).toBeGreaterThan(1.1);
    const predicted = oracle.estimate(near).totalBytes;
    expect(predicted).toBeGreaterThan(1.35e6);
    expect(predicted).toBeLessThan(3e6);
  });

  it('admits a grow that fits once probes of different sizes give the line its slope', async () => {
    // A device with a large fixed part: 1 MB + 3 bytes per parameter byte + 2 per activation byte.
    const peakOf = (bytes: Uint8Array): number => {
      const f = onnxFigures(bytes);
      return 1e6 + 3 * f.paramBytes + 2 * f.bestPeakBytes;
    };
    const budget = 1.5e6;
    const grow = growAt(seeds[0]!, 2);
    const truth = peakOf(exportArchitecture(grow, randomWeights(grow, 0)).bytes);
    expect(truth).toBeLessThan(budget);
    const seedsOnly = deviceOracle('board-11', async (onnx) => peakOf(onnx), { calibration: null });
    await seedsOnly.measure(seeds[0]!, randomWeights(seeds[0]!, 0));
    expect(seedsOnly.estimate(grow).totalBytes).toBeGreaterThan(budget);
    const probed = deviceOracle('board-11', async (onnx) => peakOf(onnx), { calibration: null });
    const probes = spreadProbes(seeds, analytic);
    expect(probes).toHaveLength(3);
    const peaks = await probed.probe(probes);
    expect(peaks).toEqual(probes.map((p) => peakOf(exportArchitecture(p, randomWeights(p, 0)).bytes)));
    const predicted = probed.estimate(grow).totalBytes;
    expect(predicted).toBeGreaterThan(truth);
    expect(predicted).toBeLessThan(budget);
  });

  it('predicts a network it has measured (probe or trained, any name) by that measurement', async () => {
    const peaks = new Map([
      [seeds[2]!, 1.3e6],
      [seeds[9]!, 2.2e6],
    ]);
    const byBytes = new Map(
      [...peaks].map(([a, p]) => [exportArchitecture(a, randomWeights(a, 0)).bytes.length, p]),
    );
    const oracle = deviceOracle('fake', async (onnx) => byBytes.get(onnx.length) ?? 1e6, {
      calibration: null,
    });
    await oracle.probe([seeds[2]!, seeds[9]!]);
    const renamed = { ...seeds[9]!, name: 'cand-77' };
    expect(oracle.estimate(renamed).totalBytes).toBe(2.2e6);
    expect(oracle.estimate(seeds[2]!).totalBytes).toBe(1.3e6);
    expect(oracle.estimate(seeds[5]!).totalBytes).not.toBe(1.3e6);
  });

  it('names the device and the command in its warning', () => {
    expect(noCalibrationWarning('pi-4')).toBe(
      "no calibration stored for device 'pi-4': memory is predicted from the measurements so far with a safety margin; run `memnas calibrate --device pi-4` for predictions within ~10%",
    );
  });
});
