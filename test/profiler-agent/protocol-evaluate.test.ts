// The evaluate job's additions to protocol version 1 (JobMessage.evaluate, ProfileResult.evaluation):
// parsed when present, checked field by field, and absent messages read exactly as before.
import { describe, expect, it } from 'vitest';
import {
  parseCoordinatorMessage,
  parseProfileResult,
  PROTOCOL_VERSION,
} from '../../profiler-agent/protocol.ts';
import { device, fakeResult, tinyModel } from '../devices/helpers/fixtures.ts';

const SHA = 'a'.repeat(64);
const job = {
  protocol: PROTOCOL_VERSION,
  type: 'job',
  id: 'j1',
  attempt: 1,
  modelSha256: SHA,
  modelBytes: 10,
  model: { url: '/api/v1/models/x' },
  batches: [1],
  runs: 50,
  warmup: 1,
  timeoutMs: 1000,
};
const evaluate = {
  dtype: 'uint8',
  dims: [3, 1, 2, 2],
  scale: 1 / 255,
  sha256: SHA,
  bytes: 12,
  source: { url: '/b' },
};

describe('evaluate jobs in protocol version 1', () => {
  it('parses a job with and without evaluate', () => {
    const plain = parseCoordinatorMessage(job);
    expect(plain).not.toHaveProperty('evaluate');
    const e = parseCoordinatorMessage({ ...job, evaluate });
    expect(e.type === 'job' && e.evaluate).toEqual(evaluate);
    const inline = parseCoordinatorMessage({ ...job, evaluate: { ...evaluate, source: { base64: 'AAEC' } } });
    expect(inline.type === 'job' && inline.evaluate?.source).toEqual({ base64: 'AAEC' });
  });

  it('names the bad field of an evaluate job', () => {
    expect(() => parseCoordinatorMessage({ ...job, evaluate: { ...evaluate, bytes: 13 } })).toThrow(
      /evaluate.bytes must be 12 for uint8 of dims 3×1×2×2/,
    );
    expect(() => parseCoordinatorMessage({ ...job, evaluate: { ...evaluate, dtype: 'int8' } })).toThrow(
      /evaluate.dtype must be one of uint8, float32/,
    );
    expect(() => parseCoordinatorMessage({ ...job, evaluate: { ...evaluate, dims: [3, 0] } })).toThrow(
      /evaluate.dims\[1\] must be a positive whole number/,
    );
  });

  it('keeps a result evaluation and checks it holds one class per sample', () => {
    const base = fakeResult(tinyModel(), device('d'));
    expect(parseProfileResult(base)).not.toHaveProperty('evaluation');
    const evaluation = { samples: 3, predictions: [0, 2, 1], inferenceMs: 1.5, batch: 100 };
    expect(parseProfileResult({ ...base, evaluation }).evaluation).toEqual(evaluation);
    expect(() => parseProfileResult({ ...base, evaluation: { ...evaluation, samples: 4 } })).toThrow(
      /result.evaluation.predictions must hold one class per sample \(4\)/,
    );
    expect(() =>
      parseProfileResult({ ...base, evaluation: { ...evaluation, predictions: [0, -1, 1] } }),
    ).toThrow(/result.evaluation.predictions\[1\] must be a class index/);
  });
});
