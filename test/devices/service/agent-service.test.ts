// The transport-independent agent service on an in-memory store with a hand-driven clock:
// leases kept by heartbeats, ended by silence, re-dispatch to another device, the retry policy
// for agent errors, inline model delivery (for the serial line) and the typed refusals.
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteJobStore } from '../../../devices/db/sqlite-store.ts';
import { AgentService } from '../../../devices/service/agent-service.ts';
import { JobService } from '../../../devices/service/job-service.ts';
import { parseJobRequest } from '../../../devices/service/job-request.ts';
import { sha256 } from '../../../profiler-agent/measure/profile.ts';
import type { JobMessage } from '../../../profiler-agent/protocol.ts';
import { device, fakeResult, tinyModel } from '../helpers/fixtures.ts';

const MODEL = tinyModel();
const config = {
  heartbeatMs: 100,
  leaseMs: 300,
  idleRetryMs: 50,
  jobGraceMs: 1_000,
  maxModelBytes: 1e6,
  maxAttempts: 2,
  log: () => {},
};

let store: SqliteJobStore | undefined;
afterEach(() => store?.close());

function setup() {
  store = SqliteJobStore.open(':memory:');
  let t = 1_000;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const agents = new AgentService(store, config, clock.now);
  const jobs = new JobService(store, config, clock.now);
  for (const name of ['a', 'b'])
    agents.register({ protocol: 1, type: 'register', device: device(name, ['t']), agentVersion: '0.1.0' });
  const { sha256: sha } = jobs.putModel(MODEL);
  const submit = (batches = [1]) => jobs.submit(parseJobRequest({ modelSha256: sha, tag: 't', batches })).id;
  const poll = (name: string) => agents.poll({ protocol: 1, type: 'poll', deviceName: name });
  return { agents, jobs, clock, submit, poll };
}

describe('AgentService', () => {
  it('keeps a lease while heartbeats name the job and re-dispatches it elsewhere once they stop', () => {
    const { agents, jobs, clock, submit, poll } = setup();
    const id = submit();
    expect(poll('a')).toMatchObject({ type: 'job', id, attempt: 1 });
    for (let i = 0; i < 5; i++) {
      clock.advance(200);
      agents.heartbeat({ protocol: 1, type: 'heartbeat', deviceName: 'a', jobId: id });
      expect(poll('b')).toMatchObject({ type: 'idle', retryMs: 50 });
    }
    clock.advance(301);
    expect(poll('b')).toMatchObject({ type: 'job', id, attempt: 2 });
    expect(() =>
      agents.result({
        protocol: 1,
        type: 'result',
        jobId: id,
        attempt: 1,
        result: fakeResult(MODEL, device('a')),
      }),
    ).toThrow(expect.objectContaining({ code: 'ATTEMPT_SUPERSEDED' }));
    expect(
      agents.result({
        protocol: 1,
        type: 'result',
        jobId: id,
        attempt: 2,
        result: fakeResult(MODEL, device('b')),
      }),
    ).toMatchObject({ duplicate: false });
    expect(jobs.job(id)).toMatchObject({ state: 'done', deviceName: 'b' });
  });

  it("passes a job's measuring environment to the agent unchanged, and none when the request named none", () => {
    const { jobs, poll } = setup();
    const sha = jobs.putModel(MODEL).sha256;
    jobs.submit(parseJobRequest({ modelSha256: sha, device: 'a', batches: [1], environment: 'plain' }));
    expect(poll('a')).toMatchObject({ type: 'job', batches: [1], environment: 'plain' });
    jobs.submit(parseJobRequest({ modelSha256: sha, device: 'b' }));
    expect(poll('b')).not.toHaveProperty('environment');
    expect(() => parseJobRequest({ modelSha256: sha, device: 'a', environment: 'fast' })).toThrow(
      /job request field 'environment'/,
    );
  });

  it('retries a crashed measurement but fails a model the runtime rejects at once', () => {
    const { agents, jobs, submit, poll } = setup();
    const crash = submit();
    poll('a');
    agents.error({
      protocol: 1,
      type: 'error',
      jobId: crash,
      attempt: 1,
      error: { code: 'MEASURE_FAILED', message: 'the measuring process died' },
    });
    expect(jobs.job(crash).state).toBe('queued');
    const invalid = submit();
    expect(poll('b')).toMatchObject({ id: crash, attempt: 2 });
    expect(poll('a')).toMatchObject({ id: invalid });
    agents.error({
      protocol: 1,
      type: 'error',
      jobId: invalid,
      attempt: 1,
      error: { code: 'MODEL_INVALID', message: 'the runtime rejected the model' },
    });
    expect(jobs.job(invalid)).toMatchObject({ state: 'failed', error: { code: 'MODEL_INVALID' } });
  });

  it('fails a job that runs out of attempts and one that overruns its time limit', () => {
    const { clock, jobs, submit, poll, agents } = setup();
    const id = submit();
    poll('a');
    clock.advance(301);
    poll('b');
    clock.advance(301);
    agents.sweep();
    expect(jobs.job(id)).toMatchObject({
      state: 'failed',
      error: { code: 'JOB_FAILED', message: expect.stringContaining('gave up after 2 attempt(s)') },
    });
  });

  it('delivers the model inline for transports without URLs', () => {
    const { submit, agents } = setup();
    submit();
    const job = agents.poll({ protocol: 1, type: 'poll', deviceName: 'a' }, 'inline') as JobMessage;
    expect('base64' in job.model && sha256(Buffer.from(job.model.base64, 'base64'))).toBe(sha256(MODEL));
  });

  it('refuses unknown devices and jobs, and a result for another model', () => {
    const { agents, submit, poll } = setup();
    expect(() => agents.heartbeat({ protocol: 1, type: 'heartbeat', deviceName: 'zz', jobId: null })).toThrow(
      expect.objectContaining({ code: 'DEVICE_UNKNOWN' }),
    );
    expect(() => agents.poll({ protocol: 1, type: 'poll', deviceName: 'zz' })).toThrow(
      expect.objectContaining({ code: 'DEVICE_UNKNOWN' }),
    );
    expect(() =>
      agents.error({
        protocol: 1,
        type: 'error',
        jobId: 'nope',
        attempt: 1,
        error: { code: 'INTERNAL', message: 'x' },
      }),
    ).toThrow(expect.objectContaining({ code: 'JOB_UNKNOWN' }));
    const id = submit();
    poll('a');
    const other = fakeResult(tinyModel(9), device('a'));
    expect(() =>
      agents.result({ protocol: 1, type: 'result', jobId: id, attempt: 1, result: other }),
    ).toThrow(expect.objectContaining({ code: 'PROTOCOL_INVALID' }));
  });
});
