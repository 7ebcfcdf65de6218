// The measuring environment is stated once: what the measuring child is forked with (seen here
// by replacing the fork) is what the result reports, for the protocol's process and a plain one.
import { describe, expect, it, vi } from 'vitest';
import type { ChildSpec } from '../../../profiler-agent/measure/fork-child.ts';
import {
  childEnvironment,
  measuringEnvironment,
} from '../../../profiler-agent/measure/measuring-environment.ts';
import { profileModel } from '../../../profiler-agent/measure/profile.ts';
import { CHILD_ENV, CHILD_FLAGS } from '../../../profiler-agent/measure/run-child.ts';
import { loaderFlags } from '../../../profiler-agent/module-path.ts';
import { device } from '../../devices/helpers/fixtures.ts';
import { wideActivationModel } from '../fixtures.ts';

const forked: ChildSpec[] = [];

vi.mock('../../../profiler-agent/measure/fork-child.ts', () => ({
  forkForReply: (spec: ChildSpec, req: { batch: number }) => {
    forked.push(spec);
    const latencyMs = { first: 1, p50: 1, p90: 1, p99: 1, mean: 1, std: 0 };
    return Promise.resolve({
      ok: true,
      measurement: {
        batch: req.batch,
        baselineBytes: 1,
        peakBytes: 1000,
        loadMs: 1,
        latencyMs,
        latenciesMs: [1],
      },
      method: 'vmhwm-reset',
      runtime: { name: 'ort-node', version: '1.30.0' },
    });
  },
}));

const JOB = { batches: [1], runs: 1, warmup: 0, timeoutMs: 10_000 };

describe('the measuring environment', () => {
  it.each(['protocol', 'plain'] as const)(
    'of a %s job is what the child is forked with and what the result reports',
    async (environment) => {
      forked.length = 0;
      const result = await profileModel(wideActivationModel(), device('local'), { ...JOB, environment });
      const spec = forked[0]!;
      const reported = result.measuringEnvironment!;
      expect(reported.name).toBe(environment);
      expect(spec.execArgv).toEqual([...reported.nodeFlags, ...loaderFlags()]);
      expect(spec.replaceEnv).toBe(true);
      for (const [k, v] of Object.entries(reported.env)) expect(spec.env?.[k]).toBe(v);
    },
  );

  it('is the protocol one when a job names none (older coordinators)', async () => {
    forked.length = 0;
    const result = await profileModel(wideActivationModel(), device('local'), JOB);
    expect(result.measuringEnvironment).toEqual({
      name: 'protocol',
      env: { UV_THREADPOOL_SIZE: '1', MALLOC_MMAP_THRESHOLD_: '4096' },
      nodeFlags: ['--expose-gc', '--no-opt', '--single-threaded-gc'],
    });
    expect(forked[0]!.execArgv.slice(0, 3)).toEqual(CHILD_FLAGS);
  });

  it('plain: no allocator, thread-pool or JIT settings, even when the agent itself was started with them', () => {
    const parent = { PATH: '/bin', MALLOC_MMAP_THRESHOLD_: '4096', UV_THREADPOOL_SIZE: '1' };
    expect(childEnvironment('plain', parent)).toEqual({ PATH: '/bin' });
    expect(measuringEnvironment('plain').nodeFlags).toEqual(['--expose-gc']);
    expect(childEnvironment('protocol', { PATH: '/bin', UV_THREADPOOL_SIZE: '4' })).toEqual({
      PATH: '/bin',
      ...CHILD_ENV,
    });
  });
});
