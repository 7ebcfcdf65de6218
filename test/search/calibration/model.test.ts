import { describe, expect, it } from 'vitest';
import { errorShares, heldOutEvaluation } from '../../../search/calibration/held-out.ts';
import {
  fitCalibration,
  predictLatencyMs,
  predictPeakBytes,
  refine,
} from '../../../search/calibration/model.ts';
import { createRng } from '../../../search/random.ts';
import { device, figures } from './helpers/synthetic-device.ts';

describe('calibration model', () => {
  it('predicts a device that follows the model within 1% on held-out members', () => {
    const report = heldOutEvaluation(device(1, 24));
    expect(report.heldOut.length).toBe(6);
    expect(report.memory.within5).toBe(1);
    expect(report.memory.maxError).toBeLessThan(0.01);
    expect(report.latency.within5).toBe(1);
  });

  it('holds out members of every family, not whole families that alias with the stride', () => {
    // 24 models cycling through families with period 4, as a calibration set cycles: a plain
    // stride of 4 would hold out every member of one family and none of the others.
    const points = device(2, 24);
    const family = (model: string): string =>
      ['space', 'fire', 'space', 'resnet'][Number(model.slice(1)) % 4]!;
    expect(new Set(heldOutEvaluation(points).heldOut.map(family))).toEqual(new Set(['fire']));
    const report = heldOutEvaluation(points, 0.25, {}, family);
    const held = report.heldOut.map(family);
    expect(held.filter((f) => f === 'space')).toHaveLength(3);
    expect(held.filter((f) => f === 'fire')).toHaveLength(2);
    expect(held.filter((f) => f === 'resnet')).toHaveLength(2);
    // …and every family keeps members in the fit.
    for (const f of ['space', 'fire', 'resnet'])
      expect(
        points.filter((p) => family(p.model) === f && !report.heldOut.includes(p.model)).length,
      ).toBeGreaterThan(0);
    expect(report.memory.maxError).toBeLessThan(0.01);
  });

  it('refines the fit with each new point', () => {
    const points = device(2, 12);
    const fit = fitCalibration(points.slice(0, 4));
    const refined = points.slice(4).reduce(refine, fit);
    expect(refined.points).toHaveLength(points.length);
    const probe = points[points.length - 1]!;
    const before = Math.abs(predictPeakBytes(fit, probe.figures, probe.batch) / probe.peakBytes - 1);
    const after = Math.abs(predictPeakBytes(refined, probe.figures, probe.batch) / probe.peakBytes - 1);
    expect(after).toBeLessThanOrEqual(before + 1e-9);
    expect(after).toBeLessThan(0.01);
  });

  it('has no latency part when no point carries a latency, and survives a JSON round trip', () => {
    const points = device(3, 6).map((p) => ({ ...p, latencyMs: null }));
    const fit = JSON.parse(JSON.stringify(fitCalibration(points))) as ReturnType<typeof fitCalibration>;
    expect(fit.latency).toBeNull();
    expect(predictLatencyMs(fit, points[0]!.figures)).toBeNull();
    expect(predictPeakBytes(fit, points[0]!.figures, 1)).toBeGreaterThan(0);
  });

  it('fits max(load, run): weight-heavy graphs peak while loading, whatever the batch', () => {
    // A synthetic runtime: 0.5 MB + max(3.5 bytes per weight byte while loading,
    // 1 per weight byte + batch × 2 per activation byte while running).
    const rng = createRng(7);
    const points = Array.from({ length: 30 }, (_, i) => {
      const heavy = i % 3 === 0;
      const f = figures(
        heavy ? 2e6 + rng.next() * 2e7 : 1e4 + rng.next() * 5e5,
        heavy ? 1e4 + rng.next() * 1e5 : 1e5 + rng.next() * 1e6,
        1e6,
        10 + rng.int(50),
      );
      return [1, 8].map((batch) => ({
        model: `m${i}`,
        figures: f,
        batch,
        peakBytes: 5e5 + Math.max(3.5 * f.paramBytes, f.paramBytes + batch * 2 * f.bestPeakBytes),
        latencyMs: null,
      }));
    }).flat();
    const report = heldOutEvaluation(points);
    expect(report.memory.maxError).toBeLessThan(0.02);
    const fit = fitCalibration(points);
    expect(fit.load).not.toBeNull();
    // A 40 MB-weight graph (twice the largest seen): flat in the batch, 3.5× its weights.
    const big = figures(4e7, 5e4, 1e6, 30);
    expect(predictPeakBytes(fit, big, 8)).toBe(predictPeakBytes(fit, big, 1));
    expect(predictPeakBytes(fit, big, 1) / (5e5 + 3.5 * 4e7)).toBeCloseTo(1, 1);
    // A record from before the load part existed predicts from the running part alone.
    const { load: _, ...old } = fit;
    expect(predictPeakBytes(old, big, 1)).toBeLessThan(predictPeakBytes(fit, big, 1));
  });

  it('fits the load and run parts on their own peaks when the agent measured them apart', () => {
    // A runtime whose load keeps 2.5 bytes per small-tensor weight byte into the run: the
    // alternating fit cannot tell that from activations; measured apart, each part is exact.
    const rng = createRng(11);
    const points = Array.from({ length: 24 }, (_, i) => {
      const f = {
        ...figures(1e4 + rng.next() * 3e6, 1e4 + rng.next() * 8e5, 1e6, 10 + rng.int(80)),
        heapParamBytes: rng.next() * 4e5,
      };
      return [1, 8].map((batch) => {
        const load = 3e5 + 3 * f.paramBytes;
        const run = 6e5 + f.paramBytes + 2.5 * f.heapParamBytes + batch * 2 * f.bestPeakBytes;
        return {
          model: `m${i}`,
          figures: f,
          batch,
          peakBytes: Math.max(load, run),
          loadPeakBytes: load,
          runPeakBytes: run,
          latencyMs: null,
        };
      });
    }).flat();
    const report = heldOutEvaluation(points);
    expect(report.memory.maxError).toBeLessThan(0.01);
    const fit = fitCalibration(points);
    // Beyond the set: a 20 MB-weight graph peaks while loading, at 3 bytes per weight byte…
    const heavy = { ...figures(2e7, 1e4, 1e6, 30), heapParamBytes: 0 };
    expect(predictPeakBytes(fit, heavy, 8) / (3e5 + 3 * 2e7)).toBeCloseTo(1, 2);
    // …and each small-tensor weight byte a light graph gains costs 2.5 bytes while running.
    const light = { ...figures(1e5, 4e5, 1e6, 30), heapParamBytes: 0 };
    const gain =
      predictPeakBytes(fit, { ...light, heapParamBytes: 1e5 }, 8) - predictPeakBytes(fit, light, 8);
    expect(gain / 2.5e5).toBeCloseTo(1, 2);
  });

  it('fits the run part on the runs that raised the mark when run peaks include the load', () => {
    // A heap whose mark cannot be restarted (the browser agent's 'wasm-heap'): the run peak is
    // max(load, run need). Where the run fitted in the load's freed holes it equals the load
    // peak and says nothing about the run need; fitted on every point, the run part would have
    // to explain load peaks and would miss the light graphs' runs.
    const rng = createRng(5);
    const points = Array.from({ length: 30 }, (_, i) => {
      const f = figures(1e4 + rng.next() * 3e6, 1e4 + rng.next() * 4e5, 1e6, 10 + rng.int(80));
      return [1, 8].map((batch) => {
        const load = 2e5 + 3 * f.paramBytes;
        const run = Math.max(load, 4e5 + f.paramBytes + batch * 2 * f.bestPeakBytes);
        return {
          model: `m${i}`,
          figures: f,
          batch,
          peakBytes: run,
          loadPeakBytes: load,
          runPeakBytes: run,
          latencyMs: null,
        };
      });
    }).flat();
    expect(points.some((p) => p.runPeakBytes === p.loadPeakBytes)).toBe(true);
    expect(points.some((p) => p.runPeakBytes > p.loadPeakBytes)).toBe(true);
    const options = { runIncludesLoad: true };
    expect(heldOutEvaluation(points, 0.25, options).memory.maxError).toBeLessThan(0.01);
    expect(heldOutEvaluation(points).memory.maxError).toBeGreaterThan(0.02);
    const fit = fitCalibration(points, options);
    expect(fit.runIncludesLoad).toBe(true);
    expect(fitCalibration(points).runIncludesLoad).toBeUndefined();
    // refine keeps the mode: a new run-bound point is fitted the same way.
    const f = figures(5e4, 3e5, 1e6, 40);
    const need = 4e5 + 5e4 + 8 * 2 * 3e5;
    const refined = refine(fit, {
      model: 'new',
      figures: f,
      batch: 8,
      peakBytes: need,
      loadPeakBytes: 2e5 + 1.5e5,
      runPeakBytes: need,
      latencyMs: null,
    });
    expect(refined.runIncludesLoad).toBe(true);
    expect(predictPeakBytes(refined, f, 8) / need).toBeCloseTo(1, 2);
  });

  it('counts shares within ±5% and ±10%', () => {
    const s = errorShares([
      { predicted: 104, measured: 100 },
      { predicted: 92, measured: 100 },
      { predicted: 150, measured: 100 },
      { predicted: 100, measured: 100 },
    ]);
    expect(s).toMatchObject({ count: 4, within5: 0.5, within10: 0.75 });
    expect(s.maxError).toBeCloseTo(0.5);
  });
});
