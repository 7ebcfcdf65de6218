// The one-line problems the protocol's schemas (profiler-agent/protocol/) report, for the kinds of
// field protocol.test.ts does not already pin: a peer reads these, so their wording is contract.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_OPTIONS } from '../../profiler-agent/defaults.ts';
import { MAX_TAGS } from '../../profiler-agent/names.ts';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  parseAgentMessage,
  parseCoordinatorMessage,
  parseDeviceDescription,
  parseSessionOptions,
} from '../../profiler-agent/protocol.ts';

const device = {
  name: 'pi5-kitchen',
  tags: ['pi'],
  cpuModel: 'Cortex-A76',
  cores: 4,
  memoryBytes: 8e9,
  os: 'linux',
  arch: 'arm64',
  runtime: { name: 'ort-node', version: '1.30.0' },
  sessionOptions: DEFAULT_SESSION_OPTIONS,
};

const job = {
  protocol: PROTOCOL_VERSION,
  type: 'job',
  id: 'j1',
  attempt: 1,
  modelSha256: 'cd'.repeat(32),
  modelBytes: 10,
  model: { url: 'http://127.0.0.1:8080/models/cdcd' },
  batches: [1],
  runs: 5,
  warmup: 1,
  timeoutMs: 1000,
};

function problem(parse: () => unknown): string {
  try {
    parse();
  } catch (e) {
    if (e instanceof ProtocolError) return e.message.replace('invalid protocol message: ', '');
    throw e;
  }
  throw new Error('parsed');
}

describe('protocol schema messages', () => {
  it('names the message, the version and the type before any field', () => {
    expect(problem(() => parseAgentMessage([1]))).toBe('message must be an object');
    expect(problem(() => parseAgentMessage({ protocol: '1', type: 'heartbeat' }))).toBe(
      'protocol must be 1 (this side speaks version 1), got "1"',
    );
    expect(problem(() => parseCoordinatorMessage({ protocol: PROTOCOL_VERSION }))).toBe(
      'type must be registered, job, idle or error, got undefined',
    );
    expect(problem(() => parseCoordinatorMessage({ protocol: PROTOCOL_VERSION, type: 'register' }))).toBe(
      'type must be registered, job, idle or error, got "register"',
    );
  });

  it('words numbers by kind and bound', () => {
    expect(problem(() => parseCoordinatorMessage({ ...job, runs: 0 }))).toBe(
      'runs must be at least 1, got 0',
    );
    expect(problem(() => parseCoordinatorMessage({ ...job, runs: 2.5 }))).toBe('runs must be a whole number');
    expect(problem(() => parseCoordinatorMessage({ ...job, runs: Infinity }))).toBe(
      'runs must be a finite number',
    );
    expect(problem(() => parseCoordinatorMessage({ ...job, batches: [] }))).toBe('batches must not be empty');
    expect(problem(() => parseSessionOptions({ ...DEFAULT_SESSION_OPTIONS, executionMode: 'fast' }))).toBe(
      'sessionOptions.executionMode must be one of sequential, parallel',
    );
  });

  it('reports a model source that is neither inline nor a URL as a missing base64', () => {
    expect(problem(() => parseCoordinatorMessage({ ...job, model: {} }))).toBe(
      'model.base64 must be a string',
    );
    expect(problem(() => parseCoordinatorMessage({ ...job, model: 'x' }))).toBe('model must be an object');
    expect(parseCoordinatorMessage({ ...job, model: { url: 'u', base64: 'AA' } })).toMatchObject({
      model: { url: 'u' },
    });
  });

  it('bounds names, tags and logged lines', () => {
    expect(problem(() => parseDeviceDescription({ ...device, cpuModel: 'x'.repeat(257) }))).toBe(
      'device.cpuModel must be one line of at most 256 characters',
    );
    expect(problem(() => parseDeviceDescription({ ...device, os: 'linux\nrm' }))).toBe(
      'device.os must be one line of at most 256 characters',
    );
    const tags = Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`);
    expect(problem(() => parseDeviceDescription({ ...device, tags }))).toBe(
      `device.tags must list at most ${MAX_TAGS} tags`,
    );
    expect(problem(() => parseDeviceDescription({ ...device, tags: ['ok', 7] }))).toBe(
      'device.tags[1] must be a string',
    );
    expect(problem(() => parseDeviceDescription({ ...device, name: '' }))).toMatch(/^device\.name \S/);
    expect(parseDeviceDescription({ ...device, unknown: 1 })).toEqual(device);
  });

  it('checks a job id and attempt of an error message, either may be null', () => {
    const error = { code: 'TIMEOUT', message: 'slow' };
    const base = { protocol: PROTOCOL_VERSION, type: 'error', jobId: null, attempt: null, error };
    expect(parseAgentMessage(base)).toEqual(base);
    expect(problem(() => parseAgentMessage({ ...base, attempt: 0 }))).toBe(
      'attempt must be at least 1, got 0',
    );
    expect(problem(() => parseAgentMessage({ ...base, jobId: 3 }))).toBe('jobId must be a string');
  });
});
