// The fleet end to end: a coordinator (in this process, 127.0.0.1 port 0) and real Node agent
// processes measuring a tiny ONNX model with the profiler's own fresh-process-per-batch code.
// One agent profiles a model completely; one is killed (SIGKILL) mid-job and a second agent
// re-runs the job, which is reported exactly once.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoordinatorClient, profileOnCoordinator } from '../../devices/client.ts';
import { sha256 } from '../../profiler-agent/measure/profile.ts';
import { HTTP_PATHS } from '../../profiler-agent/protocol-http.ts';
import { wideActivationModel } from '../profiler-agent/fixtures.ts';
import { useCoordinator } from './helpers/file-coordinator.ts';
import { device, fakeResult, tinyModel } from './helpers/fixtures.ts';
import { postJson } from './helpers/http.ts';
import { spawnAgent, stopAll, waitFor } from './helpers/processes.ts';

const TOKEN = 'fleet-token-123456';
const log: string[] = [];
const c = useCoordinator('fleet', {
  token: TOKEN,
  heartbeatMs: 1_000,
  idleRetryMs: 100,
  log: (l) => log.push(l),
});
let client: CoordinatorClient;

beforeAll(() => {
  client = new CoordinatorClient({ url: c.url, token: TOKEN });
});
afterEach(stopAll);

function online(name: string): Promise<true> {
  return waitFor(`device ${name} online`, async () =>
    (await client.devices()).some((d) => d.name === name && d.online) ? true : undefined,
  );
}

describe('the device fleet', () => {
  it('profiles a model on a real Node agent and returns a complete result', async () => {
    const agent = spawnAgent(c.url, TOKEN, 'node-1', ['e2e']);
    await online('node-1');
    // Big enough that its peak is its own (a Relu over 4 floats rises by nothing measurable,
    // and under load the process's own noise decided whether its peak read 0).
    const model = wideActivationModel();
    const result = await profileOnCoordinator(model, {
      coordinator: c.url,
      token: TOKEN,
      device: 'node-1',
      batches: [1, 2],
      runs: 50,
      warmup: 2,
      timeoutMs: 60_000,
    });

    expect(result.modelSha256).toBe(sha256(model));
    expect(result.device).toMatchObject({
      name: 'node-1',
      tags: ['e2e'],
      os: process.platform,
      arch: process.arch,
      runtime: { name: 'ort-node' },
    });
    expect(result.runtime.name).toBe('ort-node');
    expect(result.sessionOptions).toMatchObject({ intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
    expect(result.loadMs).toBeGreaterThan(0);
    for (const k of ['first', 'p50', 'p90', 'p99', 'mean', 'std'] as const)
      expect(result.latencyMs[k]).toBeGreaterThanOrEqual(0);
    expect(result.latencyMs.p50).toBeGreaterThan(0);
    expect(result.peakMemoryBytes).toBeGreaterThan(0);
    expect(result.memory.fixedBytes).not.toBeNull();
    expect(result.memory.perSampleBytes).not.toBeNull();
    expect(result.memory.samples.map((s) => s.batch)).toEqual([1, 2]);
    expect(result.batches.map((b) => b.latenciesMs.length)).toEqual([50, 50]);

    agent.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(agent.output()).toMatch(/result delivered/);
  });

  it('re-runs a job on a second agent when the first is killed mid-job, and reports it once', async () => {
    const first = spawnAgent(c.url, TOKEN, 'k-1', ['kill']);
    await online('k-1');
    const model = tinyModel(6);
    const { sha256: sha } = await client.uploadModel(model);
    const { id } = await client.submitJob({
      modelSha256: sha,
      tag: 'kill',
      batches: [1, 2],
      runs: 50,
      warmup: 2,
    });
    await waitFor(
      'the job running on k-1',
      async () => ((await client.job(id)).state === 'running' ? true : undefined),
      30_000,
      50,
    );
    first.kill('SIGKILL');
    await first.exited;

    spawnAgent(c.url, TOKEN, 'k-2', ['kill']);
    const job = await client.waitForJob(id, { timeoutMs: 60_000, pollMs: 200 });
    expect(job.state).toBe('done');
    expect(job.attempt).toBe(2);
    expect(job.result!.device.name).toBe('k-2');
    expect(job.attempts.map((a) => [a.attempt, a.deviceName, a.outcome])).toEqual([
      [1, 'k-1', 'abandoned'],
      [2, 'k-2', 'done'],
    ]);

    // A late result for the dead agent's attempt is refused — reports take the device token of the
    // attempt's holder, so the fleet token gets 403 — and the job keeps k-2's.
    const late = await postJson(c.url, HTTP_PATHS.result, TOKEN, {
      protocol: 1,
      type: 'result',
      jobId: id,
      attempt: 1,
      result: fakeResult(model, device('k-1', ['kill'])),
    });
    expect(late.status).toBe(403);
    expect((await client.job(id)).result!.device.name).toBe('k-2');
    expect(log.filter((l) => l.startsWith(`job ${id} done`))).toHaveLength(1);
  });
});
