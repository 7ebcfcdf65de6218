import { describe, expect, it } from 'vitest';
import { plainPeakOf } from '../../../app/deploy/plain-peak.ts';
import type { ProfileResult } from '../../../profiler-agent/protocol.ts';
import { device, fakeResult } from '../../devices/helpers/fixtures.ts';

const NODE_ENV = { UV_THREADPOOL_SIZE: '1', MALLOC_MMAP_THRESHOLD_: '4096' };

function result(
  name: 'protocol' | 'plain' | undefined,
  measuringEnv?: Record<string, string>,
): ProfileResult {
  const d = { ...device('pi'), ...(measuringEnv === undefined ? {} : { measuringEnv }) };
  const r = { ...fakeResult(new Uint8Array(4), d), peakMemoryBytes: 2_000_000 };
  return name === undefined ? r : { ...r, measuringEnvironment: { name, env: {}, nodeFlags: [] } };
}

describe('the plain peak of a deploy', () => {
  it('is the peak of a result the device measured in a plain process', () => {
    expect(plainPeakOf(result('plain', NODE_ENV))).toEqual({ bytes: 2_000_000 });
  });

  it("is the browser agent's one figure: it has one environment and reports none", () => {
    expect(plainPeakOf(result(undefined))).toEqual({ bytes: 2_000_000 });
  });

  it('is refused, with the reason, from a Node agent that ignored the plain option', () => {
    for (const r of [result(undefined, NODE_ENV), result('protocol', NODE_ENV)]) {
      const p = plainPeakOf(r);
      expect(p.bytes).toBeNull();
      expect(p.note).toMatch(/not a plain process .*update the agent/);
    }
  });
});
