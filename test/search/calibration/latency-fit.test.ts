import { describe, expect, it } from 'vitest';
import { LATENCY_FEATURES, ROWLESS_LATENCY_FEATURES } from '../../../search/calibration/latency-features.ts';
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

const NCHWC = 'com.microsoft.nchwc';
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
 * A device that runs depthwise convolutions as im2col + GEMM, as WebAssembly does: p50 = 0.02 ms
 * + 1.5e-7 ms per MAC + 5e-6 ms per im2col row (the browser agent's figures), over networks whose
 * rows per MAC differ (wide layers at few pixels against narrow ones at many).
 */
function timedIm2col(seed: number, n: number) {
  const rng = createRng(seed);
  return timed(seed, n).map((p) => {
    const macs = 1e5 + rng.next() * 1e6;
    const im2colRows = macs / (4 + 60 * rng.next());
    const depthwise = { nodes: 3, macs, activationBytes: 0, weightBytes: 0, im2colRows };
    const figures = { ...p.figures, fusedKernels: { ...p.figures.fusedKernels!, depthwise } };
    return { figures, batch: 1, latencyMs: 0.02 + 1.5e-7 * macs + 5e-6 * im2colRows };
  });
}

/** The points with their tables as stored before im2col rows were counted. */
const rowless = (points: ReturnType<typeof timedIm2col>) =>
  points.map((p) => ({
    ...p,
    figures: {
      ...p.figures,
      fusedKernels: Object.fromEntries(
        Object.entries(p.figures.fusedKernels).map(([k, { im2colRows: _, ...rest }]) => [k, rest]),
      ) as typeof p.figures.fusedKernels,
    },
  }));

describe('im2col rows', () => {
  it('learns a cost per row that MACs alone cannot give', () => {
    const model = fitLatency(timedIm2col(6, 30))!;
    const unseen = timedIm2col(7, 10);
    for (const p of unseen)
      expect(Math.abs(predictLatency(model, p.figures)! / p.latencyMs - 1)).toBeLessThan(0.02);
    const without = fitLatency(rowless(timedIm2col(6, 30)))!;
    const errors = rowless(unseen).map((p) =>
      Math.abs(predictLatency(without, p.figures)! / p.latencyMs - 1),
    );
    expect(Math.max(...errors)).toBeGreaterThan(0.1);
  });

  it('fits the row-less terms when a table counts no rows, and predicts nothing from rows it lacks', () => {
    const stored = rowless(timedIm2col(8, 10));
    const old = fitLatency([...stored, ...timedIm2col(9, 10)])!;
    expect(old.features).toEqual(ROWLESS_LATENCY_FEATURES.map((f) => f.name));
    expect(predictLatency(old, timedIm2col(10, 1)[0]!.figures)).not.toBeNull();
    const model = fitLatency(timedIm2col(9, 10))!;
    expect(model.features).toEqual(LATENCY_FEATURES.map((f) => f.name));
    expect(predictLatency(model, stored[0]!.figures)).toBeNull();
  });
});

/**
 * A device whose runtime runs a graph the file does not show: its convolutions compute on channels
 * padded to a block (1–1.8× the file's MACs, varying from network to network, as 12 or 24 channels
 * padded to 16 or 32 do), and it adds layout reorders. p50 = 0.05 ms + 2e-9 ms per MAC it computes
 * + 0.004 ms per conv kernel + 0.003 ms per reorder + 1e-7 ms per byte a reorder copies.
 */
function timedOnRuntime(seed: number, n: number) {
  const rng = createRng(seed);
  return timed(seed, n).map((p) => {
    const k = p.figures.fusedKernels!.conv;
    const padded = 1 + 0.8 * rng.next();
    const reorders = rng.int(20);
    const bytes = 1e4 + rng.next() * 5e5;
    const conv = { window: 'dense' as const, macs: (padded * k.macs) / k.nodes, outputBytes: 1e4 };
    const table = runtimeKernelTable([
      ...Array.from({ length: k.nodes }, () => ({
        op: 'Conv',
        domain: NCHWC,
        activation: '',
        reorderBytes: 0,
        conv,
      })),
      ...Array.from({ length: reorders }, () => ({
        op: 'ReorderOutput',
        domain: NCHWC,
        activation: '',
        reorderBytes: bytes,
      })),
    ]);
    return {
      ...p,
      figures: { ...p.figures, runtimeKernels: table },
      latencyMs: 0.05 + 2e-9 * padded * k.macs + 0.004 * k.nodes + 0.003 * reorders + 1e-7 * bytes * reorders,
    };
  });
}

describe('runtime latency fit', () => {
  it("learns the runtime's reorders and padded channels, which the file-level fit cannot see", () => {
    const train = timedOnRuntime(6, 40);
    const fit = { latency: fitLatency(train), runtimeLatency: fitRuntimeLatency(train) };
    const errors = (f: typeof fit) =>
      timedOnRuntime(7, 12).map((p) => Math.abs(predictLatencyMs(f, p.figures)! / p.latencyMs - 1));
    expect(Math.max(...errors(fit))).toBeLessThan(0.02);
    expect(Math.max(...errors({ ...fit, runtimeLatency: null }))).toBeGreaterThan(0.1);
  });

  it('fits only the samples with a runtime table, and none without', () => {
    const withTables = timedOnRuntime(8, 10);
    expect(fitRuntimeLatency(timed(8, 10))).toBeNull();
    const mixed = fitRuntimeLatency([...withTables, ...timed(9, 10)])!;
    expect(mixed).toEqual(fitRuntimeLatency(withTables));
    expect(knownLatencyModel(mixed)).toBe(true);
  });

  it('predicts from the file-level model for figures without the runtime table', () => {
    const train = timedOnRuntime(10, 20);
    const fit = { latency: fitLatency(train), runtimeLatency: fitRuntimeLatency(train) };
    const [p] = timed(11, 1);
    expect(predictLatency(fit.runtimeLatency!, p!.figures)).toBeNull();
    expect(predictLatencyMs(fit, p!.figures)).toBe(predictLatency(fit.latency!, p!.figures));
    // A runtime table stored before the convolutions' work was counted is no runtime table.
    const q = timedOnRuntime(12, 1)[0]!;
    const { convMacs: _, ...older } = q.figures.runtimeKernels;
    const stale = { ...q.figures, runtimeKernels: older as typeof q.figures.runtimeKernels };
    expect(predictLatencyMs(fit, stale)).toBe(predictLatency(fit.latency!, stale));
    expect(fitRuntimeLatency([{ ...q, figures: stale }])).toBeNull();
  });
});
