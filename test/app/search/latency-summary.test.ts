// summary.json's run-level latency figures and the one line a run whose latency budget no
// candidate met ends with.
import { describe, expect, it } from 'vitest';
import { latencyHeader, latencyUnmetLine } from '../../../app/search/latency-summary.ts';
import type { RunConfig } from '../../../app/search/run-config.ts';
import type { CandidateRecord, LatencyFigures } from '../../../search/loop/types.ts';
import { seedCandidates } from '../../../search/space/grow-trim.ts';

const seed = seedCandidates(4)[0]!;
function candidate(id: number, status: CandidateRecord['status'], latency?: LatencyFigures): CandidateRecord {
  return {
    id,
    key: String(id),
    round: 0,
    parentId: null,
    genotype: seed.genotype,
    mutation: seed.mutation,
    memory: { paramBytes: 1, peakActivationBytes: 1, totalBytes: 2, source: 'device' },
    inheritedFrom: null,
    controllerScore: null,
    status,
    validationAccuracy: status === 'trained' ? 0.8 : null,
    metric: null,
    measuredBytes: null,
    trainSeconds: null,
    error: null,
    ...(latency === undefined ? {} : { latency }),
  };
}

const config = { device: 'local', latencyBudgetMs: 0.5 } as RunConfig;
const cs = [
  candidate(1, 'trained', { ms: 0.9, source: 'measured' }),
  candidate(2, 'trained', { ms: 0.7, source: 'measured' }),
  candidate(3, 'failed', { ms: 0.1, source: 'predicted' }),
  candidate(4, 'trained'),
];

describe('latency summary', () => {
  it('says a budget was not met, how many trained were measured over it and the fastest measured', () => {
    const h = latencyHeader(config, cs, 'latency-unmet', 'line');
    expect(h).toEqual({
      latencyBudgetMs: 0.5,
      latencyWeight: 1,
      latencyPredictor: 'line',
      overLatencyAfterMeasure: 2,
      latencyBudgetMet: false,
      fastestMeasured: { id: 2, latencyMs: 0.7 },
    });
    const line = latencyUnmetLine({ ...h, device: 'local' }, 'runs/x');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^no candidate meets the 0\.5 ms latency budget on device 'local': the fastest measured was candidate 2 at 0\.700 ms p50; .*runs\/x/,
    );
  });

  it('is all null without a latency budget', () => {
    const h = latencyHeader({ device: null } as RunConfig, cs, 'time', null);
    expect(Object.values(h).every((v) => v === null)).toBe(true);
    expect(latencyHeader({ ...config, latencyWeight: 0 }, cs, 'time', 'calibration').latencyBudgetMet).toBe(
      true,
    );
  });
});
