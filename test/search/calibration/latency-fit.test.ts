import { describe, expect, it } from 'vitest';
import { LATENCY_FEATURES } from '../../../search/calibration/latency-features.ts';
import {
  fitLatency,
  fitRuntimeLatency,
  knownLatencyModel,
  latencySamples,
  predictLatency,
} from '../../../search/calibration/latency-fit.ts';
import { predictLatencyMs } from '../../../search/calibration/model.ts';
import { runtimeKernelTable } from '../../../search/calibration/runtime-kernels.ts';
import { createRng } from '../../../search/random.ts';
import { figures } from './helpers/synthetic-device.ts';

/** A device whose p50 = 0.05 ms + 2e-9 ms per conv MAC + 0.004 ms per conv kernel. */
function timed(seed: number, n: number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const f = figures(1e5, 1e5, 1e6 + rng.next() * 1e8, 5 + rng.int(60));
    const k = f.fusedKernels!.conv;
    return { figures: f, batch: 1, latencyMs: 0.05 + 2e-9 * k.macs + 0.004 * k.nodes };
  });
}

describe('latency fit', () => {
  it('recovers per-class costs and predicts unseen networks within 2%', () => {
    const model = fitLatency(timed(1, 30))!;
    for (const p of timed(2, 10))
      expect(Math.abs(predictLatency(model, p.figures)! / p.latencyMs - 1)).toBeLessThan(0.02);
    expect(model.coefficients.every((c) => c >= 0)).toBe(true);
  });

  it('fits batch-1 measured points with a kernel table only', () => {
    const [p] = timed(3, 1);
    const { fusedKernels: _, ...bare } = p!.figures;
    const points = [p!, { ...p!, batch: 8 }, { ...p!, latencyMs: null }, { ...p!, figures: bare }];
    expect(latencySamples(points)).toEqual([p]);
    expect(fitLatency(points.slice(1))).toBeNull();
  });

  it('predicts nothing for figures without a kernel table or from a model with unknown terms', () => {
    const [p] = timed(4, 1);
    const model = fitLatency(timed(5, 10))!;
    const { fusedKernels: _, ...bare } = p!.figures;
    expect(predictLatency(model, bare)).toBeNull();
    const foreign = { features: ['batch×conv.outputBytes'], coefficients: [1] };
    expect(predictLatency(foreign, p!.figures)).toBeNull();
    expect(knownLatencyModel(foreign)).toBe(false);
    expect(knownLatencyModel(model)).toBe(true);
    expect(model.features).toEqual(LATENCY_FEATURES.map((f) => f.name));
  });
});

/**
 * A device whose runtime adds layout reorders the file does not show: p50 = the device above +
 * 0.003 ms per reorder + 1e-7 ms per byte it copies. The reorders are random, independent of
 * the file's figures.
 */
function timedWithReorders(seed: number, n: number) {
  const rng = createRng(seed);
  return timed(seed, n).map((p) => {
    const reorders = rng.int(20);
    const bytes = 1e4 + rng.next() * 5e5;
    const table = runtimeKernelTable(
      Array.from({ length: reorders }, () => ({
        op: 'ReorderOutput',
        domain: 'com.microsoft.nchwc',
        activation: '',
        reorderBytes: bytes,
      })),
    );
    return {
      ...p,
      figures: { ...p.figures, runtimeKernels: table },
      latencyMs: p.latencyMs + 0.003 * reorders + 1e-7 * bytes * reorders,
    };
  });
}

describe('runtime latency fit', () => {
  it("learns the runtime's reorders, which the file-level fit cannot see", () => {
    const train = timedWithReorders(6, 40);
    const fit = { latency: fitLatency(train), runtimeLatency: fitRuntimeLatency(train) };
    const errors = (f: typeof fit) =>
      timedWithReorders(7, 12).map((p) => Math.abs(predictLatencyMs(f, p.figures)! / p.latencyMs - 1));
    expect(Math.max(...errors(fit))).toBeLessThan(0.02);
    expect(Math.max(...errors({ ...fit, runtimeLatency: null }))).toBeGreaterThan(0.1);
  });

  it('fits only the samples with a runtime table, and none without', () => {
    const withTables = timedWithReorders(8, 10);
    expect(fitRuntimeLatency(timed(8, 10))).toBeNull();
    const mixed = fitRuntimeLatency([...withTables, ...timed(9, 10)])!;
    expect(mixed).toEqual(fitRuntimeLatency(withTables));
    expect(knownLatencyModel(mixed)).toBe(true);
  });

  it('predicts from the file-level model for figures without the runtime table', () => {
    const train = timedWithReorders(10, 20);
    const fit = { latency: fitLatency(train), runtimeLatency: fitRuntimeLatency(train) };
    const [p] = timed(11, 1);
    expect(predictLatency(fit.runtimeLatency!, p!.figures)).toBeNull();
    expect(predictLatencyMs(fit, p!.figures)).toBe(predictLatency(fit.latency!, p!.figures));
  });
});
