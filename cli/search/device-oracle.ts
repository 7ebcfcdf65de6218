// Device memory in the loop (METHOD §4): before training, a candidate's memory on the device is
// predicted from its analytic figure by a line fitted to every measurement so far (a stand-in
// until the calibration model is wired in); after training, the trained model is exported to
// ONNX and measured on the device, and that measurement replaces the prediction for the budget,
// the metric and the Pareto front.
import { exportArchitecture } from '../../exporter/export-model.ts';
import { MemnasError, isMemnasError } from '../../search/errors.ts';
import { analyticMemory } from '../../search/loop/analytic-oracle.ts';
import type { MemoryOracle } from '../../search/loop/memory-oracle.ts';
import type { MemoryFigures } from '../../search/loop/types.ts';

interface Point {
  readonly analytic: number;
  readonly measured: number;
}

/** measured ≈ a + b·analytic by least squares (b ≥ 0); one point, or no spread: a ratio. */
export function fitDeviceMemory(points: readonly Point[]): (analytic: number) => number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.analytic, 0) / n;
  const my = points.reduce((s, p) => s + p.measured, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.analytic - mx) ** 2, 0);
  if (n < 2 || sxx === 0) return (x) => (x * my) / mx;
  const b = Math.max(0, points.reduce((s, p) => s + (p.analytic - mx) * (p.measured - my), 0) / sxx);
  const a = my - b * mx;
  return (x) => Math.max(x, a + b * x);
}

/** Measures ONNX bytes on the device; resolves to its batch-1 peak memory, bytes. */
export type MeasurePeak = (onnx: Uint8Array) => Promise<number>;

/** Few, short runs: search needs the memory peak, not latency percentiles. */
export const SEARCH_PROFILE = { batches: [1], runs: 5, warmup: 1 } as const;

export function deviceOracle(device: string, measurePeak: MeasurePeak): MemoryOracle {
  const points: Point[] = [];
  return {
    estimate(arch): MemoryFigures {
      const a = analyticMemory(arch);
      if (points.length === 0) return a;
      const total = Math.round(fitDeviceMemory(points)(a.totalBytes));
      return {
        paramBytes: a.paramBytes,
        peakActivationBytes: Math.max(0, total - a.paramBytes),
        totalBytes: total,
        source: 'device',
      };
    },
    async measure(arch, weights) {
      const { bytes } = exportArchitecture(arch, weights);
      try {
        const measured = await measurePeak(bytes);
        points.push({ analytic: analyticMemory(arch).totalBytes, measured });
        return measured;
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new MemnasError(
          isMemnasError(e) ? e.code : 'JOB_FAILED',
          `measuring ${arch.name} on device '${device}' failed: ${why}`,
          { cause: e },
        );
      }
    },
  };
}

/** The measurement for `--device`: this machine, or a device behind the coordinator. */
export async function devicePeakMeasurer(
  device: string,
  coordinator: string | undefined,
  token: string | undefined,
): Promise<MeasurePeak> {
  if (device === 'local') {
    const { profileLocal } = await import('../../profiler-agent/local.ts');
    return async (onnx) =>
      (
        await profileLocal(onnx, {
          batches: [...SEARCH_PROFILE.batches],
          runs: SEARCH_PROFILE.runs,
          warmup: SEARCH_PROFILE.warmup,
        })
      ).peakMemoryBytes;
  }
  if (coordinator === undefined || token === undefined) {
    throw new MemnasError(
      'USAGE',
      `--device ${device} needs a coordinator: pass --coordinator URL and --token T (or set MEMNAS_COORDINATOR and MEMNAS_TOKEN), or use --device local`,
    );
  }
  const { parseDeviceTarget, profileOnCoordinator } = await import('../../devices/client.ts');
  const target = parseDeviceTarget(device);
  return async (onnx) =>
    (
      await profileOnCoordinator(onnx, {
        coordinator,
        token,
        ...target,
        batches: [...SEARCH_PROFILE.batches],
        runs: SEARCH_PROFILE.runs,
        warmup: SEARCH_PROFILE.warmup,
      })
    ).peakMemoryBytes;
}
