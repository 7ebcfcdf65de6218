import { describe, expect, it } from 'vitest';
import {
  EXTRAPOLATION_EXPONENT,
  MIN_MARGIN,
  deviceUpperEdge,
  fitDeviceMemory,
  spreadProbes,
} from '../../../search/loop/device-line.ts';

const MB = 1e6;

describe('device line', () => {
  it('takes no slope from a cluster: its ratio above it, a square-root fall below it', () => {
    // Least squares through these would find 74 bytes per analytic byte from 5% noise.
    const line = fitDeviceMemory([
      { analytic: 15_000, measured: 1.3 * MB },
      { analytic: 15_000, measured: 1.25 * MB },
      { analytic: 16_000, measured: 1.35 * MB },
    ]);
    const mean = 46_000 / 3;
    expect(line(2 * mean)).toBeCloseTo(2.6 * MB);
    expect(line(mean / 4)).toBeCloseTo(0.65 * MB);
  });

  it('fits a fixed part and a slope once the points spread', () => {
    const line = fitDeviceMemory([
      { analytic: 250e3, measured: 1.6 * MB },
      { analytic: 750e3, measured: 2.6 * MB },
      { analytic: 2.5e6, measured: 6.1 * MB },
    ]);
    expect(line(1.5e6)).toBeGreaterThan(4 * MB);
    expect(line(1.5e6)).toBeLessThan(4.3 * MB);
  });
});

describe('device upper edge', () => {
  it('keeps a 2× extrapolation from similar seeds over a budget it would overshoot 2.5×', () => {
    const edge = deviceUpperEdge([
      { analytic: 500e3, measured: 1.3 * MB },
      { analytic: 520e3, measured: 1.32 * MB },
    ]);
    expect(edge(1e6)).toBeGreaterThan(3 * MB);
    expect(edge(530e3)).toBeLessThan(2 * MB);
  });

  it('is the line plus the least margin inside the points, and grows with the distance beyond', () => {
    const points = [
      { analytic: 100, measured: 1100 },
      { analytic: 200, measured: 1200 },
      { analytic: 300, measured: 1300 },
    ];
    const edge = deviceUpperEdge(points);
    expect(edge(250)).toBeCloseTo(1250 * (1 + MIN_MARGIN));
    expect(edge(600)).toBeCloseTo(1600 * (1 + MIN_MARGIN) * 2 ** EXTRAPOLATION_EXPONENT);
  });

  it('widens with the measured spread around the line', () => {
    const edge = deviceUpperEdge([
      { analytic: 100, measured: 1000 },
      { analytic: 200, measured: 2000 },
      { analytic: 200, measured: 3000 },
      { analytic: 300, measured: 3000 },
    ]);
    // The line at 200 is 2250; the 3000 measured there is 33% above it.
    expect(edge(200) / 2250).toBeCloseTo(3000 / 2250);
  });

  it('leaves out measurements of 0 and falls back to the analytic figure without any other', () => {
    expect(deviceUpperEdge([{ analytic: 100, measured: 0 }])(400)).toBe(400);
    const edge = deviceUpperEdge([
      { analytic: 100, measured: 0 },
      { analytic: 100, measured: 1000 },
    ]);
    expect(edge(100)).toBeCloseTo(1000 * (1 + MIN_MARGIN));
  });
});

describe('spread probes', () => {
  it('picks the smallest, the median and the largest, each once', () => {
    expect(spreadProbes([5, 1, 9, 3, 7], (x) => x)).toEqual([1, 5, 9]);
    expect(spreadProbes([4, 2], (x) => x)).toEqual([2, 4]);
    expect(spreadProbes([4], (x) => x)).toEqual([4]);
    expect(spreadProbes([], (x: number) => x)).toEqual([]);
  });
});
