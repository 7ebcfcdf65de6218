import { describe, expect, it } from 'vitest';
import { LATENCY_FEATURES } from '../../../search/calibration/latency-features.ts';
import {
  fitLatency,
  knownLatencyModel,
  latencySamples,
  predictLatency,
} from '../../../search/calibration/latency-fit.ts';
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
