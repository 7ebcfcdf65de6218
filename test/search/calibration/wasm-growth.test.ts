import { describe, expect, it } from 'vitest';
import { EMPTY_KERNEL, KERNEL_CLASSES, type GraphFigures } from '../../../search/calibration/figures.ts';
import { fitCalibration, predictPeakBytes, refine } from '../../../search/calibration/model.ts';
import { ladderGrowth, stepMiddle, WASM_INITIAL_BYTES } from '../../../search/calibration/wasm-growth.ts';

const MiB = 1024 * 1024;

describe('WebAssembly memory growth', () => {
  it('grows to 1.2 × the current size in 64 KiB pages, as measured in Chromium', () => {
    expect(ladderGrowth(0)).toBe(0);
    expect(ladderGrowth(-5)).toBe(0);
    // Growths the browser agent measured: 3.25, 7.125, 11.75 MiB above 16 MiB.
    expect(ladderGrowth(1)).toBe(3.25 * MiB);
    expect(ladderGrowth(3.25 * MiB + 1)).toBe(7.125 * MiB);
    expect(ladderGrowth(10 * MiB)).toBe(11.75 * MiB);
    expect(stepMiddle(7.125 * MiB)).toBe((3.25 * MiB + 7.125 * MiB) / 2);
    expect(stepMiddle(3.25 * MiB)).toBe((3.25 * MiB) / 2);
  });

  it('fits a browser device: zero growth while the need fits, the right step after', () => {
    const figures = (act: number): GraphFigures => ({
      paramBytes: 1e5,
      bnFoldParamBytes: 0,
      inputBytes: 0,
      outputBytes: 0,
      bestPeakBytes: act,
      filePeakBytes: act,
      methodPeakBytes: act,
      sumActivationBytes: act,
      maxTensorBytes: act,
      nodeCount: 10,
      kernels: Object.fromEntries(
        KERNEL_CLASSES.map((k) => [k, EMPTY_KERNEL]),
      ) as unknown as GraphFigures['kernels'],
      blocked: [],
    });
    // A synthetic browser: 6 MiB of the initial memory in use, a run needs batch × activations.
    const used = 6 * MiB;
    const measured = (act: number, batch: number): number =>
      ladderGrowth(used + batch * act - WASM_INITIAL_BYTES);
    const points = [2e4, 5e4, 1e5, 2e5, 4e5].flatMap((act, i) =>
      [16, 64, 128].map((batch) => ({
        model: `m${i}`,
        figures: figures(act),
        batch,
        peakBytes: measured(act, batch),
        latencyMs: null,
      })),
    );
    expect(points.some((p) => p.peakBytes === 0)).toBe(true);
    const fit = fitCalibration(points, { wasmGrowth: true });
    expect(fit.growth).not.toBeNull();
    const right = points.filter((p) => predictPeakBytes(fit, p.figures, p.batch) === p.peakBytes);
    expect(right.length / points.length).toBeGreaterThanOrEqual(0.8);
    // Refining keeps it a browser fit.
    expect(refine(fit, points[0]!).growth).not.toBeNull();
  });
});
