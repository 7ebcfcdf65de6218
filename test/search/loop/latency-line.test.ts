// The latency line without a calibration: nothing to predict from before a measurement, a ratio
// line from one cluster, a least-squares line once the measurements spread, and the measured
// figure itself for a network it measured.
import { describe, expect, it } from 'vitest';
import { architectureMacs, fitLatencyLine, lineLatencyPredictor } from '../../../search/loop/latency-line.ts';
import { buildArchitecture } from '../../../search/space/build.ts';
import { seedCandidates } from '../../../search/space/grow-trim.ts';

describe('latency line', () => {
  it('fits a + b·macs over spread points and a proportional line over a cluster', () => {
    const line = fitLatencyLine([
      { macs: 1e6, ms: 0.3 },
      { macs: 2e6, ms: 0.5 },
      { macs: 3e6, ms: 0.7 },
    ]);
    expect(line(4e6)).toBeCloseTo(0.9, 9);
    const cluster = fitLatencyLine([
      { macs: 1.0e6, ms: 0.4 },
      { macs: 1.1e6, ms: 0.44 },
    ]);
    expect(cluster(2.1e6)).toBeCloseTo(0.84, 9);
    // Below the cluster the p50 falls more slowly than the MACs (the runtime's fixed cost).
    expect(cluster(0.2625e6)).toBeCloseTo(0.21, 9);
  });

  it('predicts nothing before a measurement, then from the line', () => {
    const space = { shape: [8, 8, 1] as [number, number, number], classes: 3 };
    const [small, large] = seedCandidates(4)
      .map((c) => buildArchitecture(c.genotype, space))
      .sort((a, b) => architectureMacs(a) - architectureMacs(b));
    const p = lineLatencyPredictor();
    expect(p.predict(small!)).toBeNull();
    p.observe(small!, 0.5);
    expect(p.predict(small!)).toBeCloseTo(0.5, 9);
    expect(p.predict(large!)!).toBeGreaterThanOrEqual(0.5);
    p.observe(large!, 0); // a failed timing is not a point
    expect(p.predict(small!)).toBeCloseTo(0.5, 9);
  });
});
