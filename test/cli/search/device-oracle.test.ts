import { describe, expect, it } from 'vitest';
import { randomWeights } from '../../../search/architecture/random-weights.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { seedCandidates } from '../../../search/space/grow-trim.ts';
import { deviceOracle, fitDeviceMemory } from '../../../cli/search/device-oracle.ts';

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
    const oracle = deviceOracle('board-7', async (onnx) => {
      if (fail) throw new Error('connection refused');
      return 10 * onnx.length;
    });
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
});
