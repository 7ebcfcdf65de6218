// The agent refuses a model with external data that reached it some other way than an upload
// (inline over a serial line, a coordinator that skipped the check, `profile` of a local file),
// before any runtime or child process sees the bytes.
import { describe, expect, it } from 'vitest';
import { type JobContext, runJob } from '../../../profiler-agent/agent/job-runner.ts';
import type { AgentTransport } from '../../../profiler-agent/agent/transport.ts';
import { profileModel, sha256 } from '../../../profiler-agent/measure/profile.ts';
import { type JobMessage, PROTOCOL_VERSION } from '../../../profiler-agent/protocol.ts';
import { device, fakeResult } from '../../devices/helpers/fixtures.ts';
import { externalDataModels } from './external-data-models.ts';

function job(model: Uint8Array, inline: boolean): JobMessage {
  return {
    protocol: PROTOCOL_VERSION,
    type: 'job',
    id: 'j1',
    attempt: 1,
    modelSha256: sha256(model),
    modelBytes: model.byteLength,
    model: inline ? { base64: Buffer.from(model).toString('base64') } : { url: '/api/v1/models/x' },
    batches: [1],
    runs: 5,
    warmup: 1,
    timeoutMs: 5_000,
  };
}

const [relative, absolute, initializer] = externalDataModels();

describe('the agent refuses models with external data', () => {
  for (const m of [relative!, absolute!, initializer!]) {
    for (const inline of [true, false]) {
      it(`${m.name}, ${inline ? 'inline' : 'by URL'}: MODEL_INVALID and nothing measured`, async () => {
        const d = device('agent');
        let measured = false;
        const ctx: JobContext = {
          transport: {
            peer: 'test',
            fetchModel: () => Promise.resolve(m.bytes),
          } as unknown as AgentTransport,
          device: d,
          measure: async (bytes) => {
            measured = true;
            return fakeResult(bytes, d);
          },
          signal: new AbortController().signal,
          log: () => {},
        };
        const report = await runJob(job(m.bytes, inline), ctx);
        expect(measured).toBe(false);
        expect(report.type).toBe('error');
        if (report.type !== 'error') return;
        expect(report.error.code).toBe('MODEL_INVALID');
        expect(report.error.message).toContain(m.location);
      });
    }
  }

  it('profileModel (memnas profile, the Node agent) refuses before starting a child', async () => {
    const t0 = Date.now();
    await expect(
      profileModel(relative!.bytes, device('local'), { batches: [1], runs: 5, warmup: 1, timeoutMs: 60_000 }),
    ).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('"secret.txt"') });
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});
