// Device memory without a stored calibration: a line from the analytic figure to the measured
// peak, fitted to the measurements so far, and the upper edge of a band around it that the budget
// is checked against.
//
// Why an upper edge: a device's peak is a fixed runtime part plus a part that grows with the
// weights and activations, faster than the analytic bytes where the runtime keeps copies of
// weights or changes allocator regime, and more per byte for networks with more nodes (measured on
// onnxruntime-node, 2-core x86-64, width-32 Fashion-MNIST seeds and grows: 1.0 MB + 2.3–3 bytes
// per analytic byte; two-cell grows 5–15% above the seeds' line). Seeds of one width have similar
// analytic sizes, so their measurements fix the line's height but not its slope: the line through
// them was flat and let grows measured at 2–6× the seeds' peak through a 3 MB budget. The edge
// grows with the measured spread around the line and with the distance beyond the largest
// measurement; measurements of differently sized networks (spreadProbes) keep it close.

export interface DevicePoint {
  /** The analytic total of the network, bytes. */
  readonly analytic: number;
  /** Its measured peak on the device, bytes. */
  readonly measured: number;
}

/** The least relative margin above the line (0.2: 20%), however close the points lie to it. */
export const MIN_MARGIN = 0.2;
/**
 * The edge grows as (analytic ÷ largest measured analytic)^this beyond the measurements: with
 * the line's own growth, a 2× extrapolation from one cluster gets 2.4× the measured peak, times the margin.
 */
export const EXTRAPOLATION_EXPONENT = 0.25;
/** Points whose largest analytic figure is below this × their smallest fix no slope: a cluster. */
export const MIN_SPREAD = 1.25;
/**
 * Below a cluster the line falls as the square root of the analytic ratio: at least a part of a
 * small network's peak is the runtime's own (1.0 of 1.6 MB for the smallest seeds measured here).
 */
const BELOW_CLUSTER_EXPONENT = 0.5;

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * measured ≈ a + b·analytic by least squares (b ≥ 0, never below the analytic figure) when the
 * points spread over at least MIN_SPREAD; a cluster's line is its mean ratio above the cluster
 * and falls with the square root of the ratio below it. Needs ≥ 1 point.
 */
export function fitDeviceMemory(points: readonly DevicePoint[]): (analytic: number) => number {
  const xs = points.map((p) => p.analytic);
  const mx = mean(xs);
  const my = mean(points.map((p) => p.measured));
  if (Math.max(...xs) < MIN_SPREAD * Math.min(...xs)) {
    return (x) => my * (x >= mx ? x / mx : (x / mx) ** BELOW_CLUSTER_EXPONENT);
  }
  const sxx = points.reduce((s, p) => s + (p.analytic - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.analytic - mx) * (p.measured - my), 0);
  const b = Math.max(0, sxy / sxx);
  const a = my - b * mx;
  return (x) => Math.max(x, a + b * x);
}

/**
 * The upper edge of the band: the line × (1 + the larger of MIN_MARGIN and the largest relative
 * excess of a measurement over the line) × (analytic ÷ largest measured)^EXTRAPOLATION_EXPONENT
 * beyond the measurements. Points measured at 0 (nothing above the baseline) are left out; with
 * none left, the analytic figure itself.
 */
export function deviceUpperEdge(points: readonly DevicePoint[]): (analytic: number) => number {
  const kept = points.filter((p) => p.measured > 0 && p.analytic > 0);
  if (kept.length === 0) return (x) => x;
  const line = fitDeviceMemory(kept);
  const margin = Math.max(MIN_MARGIN, ...kept.map((p) => p.measured / line(p.analytic) - 1));
  const largest = Math.max(...kept.map((p) => p.analytic));
  return (x) => line(x) * (1 + margin) * Math.max(1, x / largest) ** EXTRAPOLATION_EXPONENT;
}

/**
 * The smallest, the median and the largest of `items` by `size` (fewer when there are fewer):
 * networks to measure before the search so that the line has a slope from the start.
 */
export function spreadProbes<T>(items: readonly T[], size: (item: T) => number): T[] {
  const sorted = items.map((item) => ({ item, s: size(item) })).sort((a, b) => a.s - b.s);
  if (sorted.length === 0) return [];
  const picks = new Set([0, Math.floor((sorted.length - 1) / 2), sorted.length - 1]);
  return [...picks].map((i) => sorted[i]!.item);
}
