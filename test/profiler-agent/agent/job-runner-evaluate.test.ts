// The job runner's evaluate path: the blob is fetched and checked like the model, the agent's
// `evaluate` gets the job's stop signal (the browser agent stops between batches with it), and an
// agent without one fails the job in one line.
import { describe, expect, it } from 'vitest';
import { type Evaluate, type JobContext, runJob } from '../../../profiler-agent/agent/job-runner.ts';
import type { AgentTransport } from '../../../profiler-agent/agent/transport.ts';
import { sha256 } from '../../../profiler-agent/measure/profile.ts';
import { type JobMessage, PROTOCOL_VERSION } from '../../../profiler-agent/protocol.ts';
import { device, fakeResult, tinyModel } from '../../devices/helpers/fixtures.ts';

const model = tinyModel(4);
const blob = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
const job: JobMessage = {
  protocol: PROTOCOL_VERSION,
  type: 'job',
  id: 'j1',
  attempt: 1,
  modelSha256: sha256(model),
  modelBytes: model.byteLength,
  model: { url: '/models/m' },
  batches: [1],
  runs: 50,
  warmup: 1,
  timeoutMs: 1_000,
  evaluate: {
    dtype: 'uint8',
    dims: [3, 4],
    scale: 1 / 255,
    sha256: sha256(blob),
    bytes: blob.byteLength,
    source: { url: '/models/inputs' },
  },
};

function context(evaluate: Evaluate | undefined, signal: AbortSignal): JobContext {
  const d = device('runner');
  const transport = {
    peer: 'test',
    fetchModel: (url: string) => Promise.resolve(url.endsWith('inputs') ? blob : model),
  } as unknown as AgentTransport;
  return {
    transport,
    device: d,
    measure: async (bytes) => fakeResult(bytes, d),
    ...(evaluate === undefined ? {} : { evaluate }),
    signal,
    log: () => {},
  };
}

describe('runJob with an evaluate job', () => {
  it("hands the evaluator the checked blob and the job's stop signal", async () => {
    const stop = new AbortController();
    let seen: { blob: Uint8Array; signal: AbortSignal | undefined } | undefined;
    const evaluate: Evaluate = (_m, b, input, _d, signal) => {
      seen = { blob: b, signal };
      return Promise.resolve({ samples: input.dims[0]!, predictions: [2, 0, 1], inferenceMs: 1, batch: 100 });
    };
    const report = await runJob(job, context(evaluate, stop.signal));
    expect(report.type === 'result' && report.result.evaluation?.predictions).toEqual([2, 0, 1]);
    expect(seen?.blob).toEqual(blob);
    expect(seen?.signal).toBe(stop.signal);
  });

  it('fails in one line on an agent that cannot evaluate', async () => {
    const report = await runJob(job, context(undefined, new AbortController().signal));
    expect(report.type === 'error' && report.error).toEqual({
      code: 'MODEL_UNSUPPORTED',
      message: "device 'runner''s agent (ort-node) cannot evaluate; use a Node or browser agent",
    });
  });
});
