// A model download is retried while the coordinator is unreachable, with backoff, for the
// backoff's giveUpMs at most; then the job is reported failed in one line instead of hanging.
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../profiler-agent/agent/job-runner.ts';
import { type AgentTransport, TransportError } from '../../../profiler-agent/agent/transport.ts';
import { sha256 } from '../../../profiler-agent/measure/profile.ts';
import { type JobMessage, PROTOCOL_VERSION } from '../../../profiler-agent/protocol.ts';
import { device, fakeResult, tinyModel } from '../../devices/helpers/fixtures.ts';

const model = tinyModel();
const job: JobMessage = {
  protocol: PROTOCOL_VERSION,
  type: 'job',
  id: 'j-retry',
  attempt: 1,
  modelSha256: sha256(model),
  modelBytes: model.byteLength,
  model: { url: '/api/v1/models/x' },
  batches: [1],
  runs: 5,
  warmup: 1,
  timeoutMs: 5_000,
};

describe('runJob downloads', () => {
  it('gives up after giveUpMs of an unreachable coordinator and reports the job failed', async () => {
    let tries = 0;
    const transport = {
      peer: 'test',
      fetchModel: () => {
        tries++;
        return Promise.reject(new TransportError('unreachable', 'connect ECONNREFUSED'));
      },
    } as unknown as AgentTransport;
    const d = device('retrier');
    const report = await runJob(job, {
      transport,
      device: d,
      measure: async (bytes) => fakeResult(bytes, d),
      signal: new AbortController().signal,
      log: () => {},
      backoff: { initialMs: 1, maxMs: 2, giveUpMs: 30 },
    });
    expect(tries).toBeGreaterThan(1);
    expect(report).toMatchObject({
      type: 'error',
      error: { code: 'FILE_NOT_FOUND', message: expect.stringContaining('gave up retrying') },
    });
  });
});
